package io.github.vwopush.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The Kafka relay's health indicator ({@code vwoRelay}) on Spring Boot 3.5's health API, when
 * this instance relays and Spring Boot's health support is present.
 */
@AutoConfiguration(after = VwoKafkaAutoConfiguration.class)
@ConditionalOnClass({ AbstractHealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(KafkaRelay.class)
@ConditionalOnEnabledHealthIndicator("vwoRelay")
public final class VwoKafkaRelayHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "vwoRelayHealthIndicator")
	VwoKafkaRelayHealthIndicator vwoRelayHealthIndicator(KafkaRelay relay) {
		return new VwoKafkaRelayHealthIndicator(relay);
	}

}
