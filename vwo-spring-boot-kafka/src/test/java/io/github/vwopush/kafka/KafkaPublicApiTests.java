package io.github.vwopush.kafka;

import java.nio.file.Path;

import io.github.vwopush.api.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * {@code vwo-spring-boot-kafka}'s public API (the auto-configuration and its properties) is
 * what {@code api/vwo-spring-boot-kafka.api} describes (regenerate with
 * {@code -Dvwo.api.update=true}).
 */
class KafkaPublicApiTests {

	@Test
	void theKafkaModulesPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoKafkaAutoConfiguration.class).assertMatches(Path.of("api/vwo-spring-boot-kafka.api"));
	}

}
