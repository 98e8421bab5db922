package io.github.vwopush.kafka;

import java.nio.file.Path;

import io.github.vwopush.api.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * {@code vwo-spring-boot-kafka-common}'s public API (the auto-configuration and its properties)
 * is what {@code api/vwo-spring-boot-kafka-common.api} describes, and the running line's Kafka
 * module's (the relay's health auto-configuration) what its {@code api/} description does
 * (regenerate with {@code -Dvwo.api.update=true}).
 */
class KafkaPublicApiTests {

	@Test
	void theKafkaModulesPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoKafkaAutoConfiguration.class)
			.assertMatches(Path.of("../vwo-spring-boot-kafka-common/api/vwo-spring-boot-kafka-common.api"));
	}

	@Test
	void theLinesKafkaModulesPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoKafkaRelayHealthAutoConfiguration.class).assertMatches(Path.of(RunningKafkaLine.API_DESCRIPTION));
	}

}
