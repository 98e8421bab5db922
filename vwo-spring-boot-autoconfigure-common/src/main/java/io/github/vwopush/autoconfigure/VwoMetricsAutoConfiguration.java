package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.metrics.VwoPushMeters;
import io.github.vwopush.metrics.VwoPushRequestMeters;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the push service, when a {@link MeterRegistry} is available. Both
 * beans are {@code MeterBinder}s: Spring Boot registers their meters once all singletons
 * exist, after its own customizers and filters.
 */
// Spring Boot 4's names, then 3.5's: each line has only its own.
@AutoConfiguration(after = VwoAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, VwoPushEngine.class })
public final class VwoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	VwoPushMeters vwoPushMeters(VwoPushEngine service) {
		return new VwoPushMeters(service);
	}

	/**
	 * Hears every request from the service's construction on, so it is not replaceable: a
	 * user's bean would not be handed to the service. Turn its meters off with a
	 * {@code MeterFilter} instead.
	 */
	@Bean
	@StarterDeliveryListener
	VwoPushRequestMeters vwoPushRequestMeters() {
		return new VwoPushRequestMeters();
	}

}
