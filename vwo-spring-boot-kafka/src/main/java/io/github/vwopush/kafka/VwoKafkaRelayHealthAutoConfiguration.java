package io.github.vwopush.kafka;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.context.annotation.Bean;

/**
 * The Kafka relay's health indicator ({@code vwoRelay}) on Spring Boot 4's health API, when
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
