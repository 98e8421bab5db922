package io.github.vwopush.autoconfigure;

import java.nio.file.Path;

import io.github.vwopush.api.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * {@code vwo-spring-boot-autoconfigure-common}'s public API (the auto-configurations,
 * properties, failure analyzers, endpoint, health report and hints) is what its
 * {@code api/} description says, on each Spring Boot line (regenerate with
 * {@code -Dvwo.api.update=true}).
 */
class AutoConfigurationPublicApiTests {

	@Test
	void theSharedAutoConfigurationsPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoAutoConfiguration.class)
			.assertMatches(Path.of("../vwo-spring-boot-autoconfigure-common/api/vwo-spring-boot-autoconfigure-common.api"));
	}

}
