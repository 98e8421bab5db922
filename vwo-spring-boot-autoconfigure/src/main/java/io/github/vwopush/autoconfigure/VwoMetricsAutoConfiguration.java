package io.github.vwopush.autoconfigure;

import io.github.vwopush.delivery.DefaultVwoPushService;
import io.github.vwopush.metrics.VwoPushMeters;
import io.github.vwopush.metrics.VwoPushQueueMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer meters of the push service, when a {@link MeterRegistry} is available.
 */
@AutoConfiguration(after = VwoAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({ MeterRegistry.class, DefaultVwoPushService.class })
public final class VwoMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	VwoPushMeters vwoPushMeters(MeterRegistry registry) {
		return new VwoPushMeters(registry);
	}

	@Bean
	@ConditionalOnMissingBean
	VwoPushQueueMetrics vwoPushQueueMetrics(DefaultVwoPushService service) {
		return new VwoPushQueueMetrics(service);
	}

}
