package io.github.vwopush.autoconfigure;

import java.nio.file.Path;

import io.github.vwopush.api.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * This line's own public API (health indicator, its auto-configuration, the line check) is
 * what {@code api/vwo-spring-boot3-autoconfigure.api} says (regenerate with
 * {@code -Dvwo.api.update=true}).
 */
class LinePublicApiTests {

	@Test
	void thisLinesPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoHealthContributorAutoConfiguration.class)
			.assertMatches(Path.of("api/vwo-spring-boot3-autoconfigure.api"));
	}

}
