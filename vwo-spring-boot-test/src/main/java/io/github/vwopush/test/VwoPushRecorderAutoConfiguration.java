package io.github.vwopush.test;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoProperties;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration imported by {@link AutoConfigureVwoPushRecorder}: a
 * {@link VwoPushService} that validates and records, ordered before
 * {@link VwoAutoConfiguration} so that the real service (and its metrics, health and
 * endpoint, which need it) backs off.
 */
@AutoConfiguration(before = VwoAutoConfiguration.class)
@EnableConfigurationProperties(VwoProperties.class)
final class VwoPushRecorderAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	VwoPushRecorder vwoPushRecorder() {
		return new VwoPushRecorder();
	}

	/**
	 * Not conditional: with the annotation present the recorder is the service. A push
	 * service of the test's own would make injection ambiguous, which fails loudly,
	 * rather than leave the recorder silently empty.
	 */
	@Bean
	VwoPushService vwoPushService(VwoPushRecorder vwoPushRecorder) {
		return VwoPushEngine.validating(vwoPushRecorder::record);
	}

}
