package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoDeliveryListener;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushService;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Auto-configuration of {@link VwoPushService}. Nothing happens until
 * {@code vwo.account-id} is set, so adding the starter alone changes nothing; an empty
 * value or an unresolvable placeholder counts as not set
 * ({@link MissingVwoPushServiceFailureAnalyzer} explains it to an application that needs
 * the service).
 */
// Spring Boot 4's and 3.5's names for the auto-configuration of WebClient.Builder; the other line's is not there.
@AutoConfiguration(afterName = { "org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
		"org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "vwo.enabled", matchIfMissing = true)
@Conditional(OnVwoAccountIdCondition.class)
@EnableConfigurationProperties(VwoProperties.class)
public final class VwoAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(VwoPushService.class)
	VwoPushEngine vwoPushService(VwoProperties properties, ObjectProvider<WebClient.Builder> webClientBuilder,
			@StarterDeliveryListener ObjectProvider<VwoDeliveryListener> listeners,
			ObjectProvider<VwoPushEngineBuilderCustomizer> customizers) {
		VwoPushEngine.Builder builder = new VwoPropertiesMapper(properties).builder()
			.webClient(() -> webClientBuilder.getIfAvailable(WebClient::builder));
		listeners.orderedStream().forEach(builder::listener);
		customizers.orderedStream().forEach((customizer) -> customizer.customize(builder));
		return builder.build();
	}

}
