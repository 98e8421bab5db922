package io.github.vwopush.kafka;

import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.health.VwoHealthReport;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.autoconfigure.kafka.KafkaAutoConfiguration;
import org.springframework.context.ApplicationContext;

/**
 * Spring Boot 3.5's side of the names the shared Kafka tests need: Boot's Kafka
 * auto-configuration and the relay's health, which live in other packages on Spring Boot 4.
 * Spring Boot 4's module has a class of the same name and methods.
 */
final class RunningKafkaLine {

	/** The committed description of this line's Kafka module's public API. */
	static final String API_DESCRIPTION = "api/vwo-spring-boot3-kafka.api";

	private RunningKafkaLine() {
	}

	/** Spring Boot's Kafka auto-configuration, the engine's, the outbox and relay's and the relay's health. */
	static AutoConfigurations kafkaAndVwo() {
		return AutoConfigurations.of(KafkaAutoConfiguration.class, VwoAutoConfiguration.class,
				VwoKafkaAutoConfiguration.class, VwoKafkaRelayHealthAutoConfiguration.class);
	}

	/** What the application's {@code vwoRelay} health indicator reports now. */
	static VwoHealthReport relayHealth(ApplicationContext context) {
		Health health = context.getBean(VwoKafkaRelayHealthIndicator.class).health();
		return new VwoHealthReport(health.getStatus().getCode(), health.getDetails());
	}

}
