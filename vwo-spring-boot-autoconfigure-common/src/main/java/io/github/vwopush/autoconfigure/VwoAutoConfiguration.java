package io.github.vwopush.autoconfigure;

import java.net.URI;

import io.github.vwopush.VwoPushService;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.delivery.DeliveryConfig;
import io.github.vwopush.internal.delivery.DeliveryListener;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import io.github.vwopush.internal.settings.SettingsRefresher;

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
	DefaultVwoPushService vwoPushService(VwoProperties properties, ObjectProvider<WebClient.Builder> webClientBuilder,
			@StarterDeliveryListener ObjectProvider<DeliveryListener> listeners) {
		VwoPropertiesMapper mapper = new VwoPropertiesMapper(properties);
		mapper.validate();
		long accountId = mapper.accountId();
		String sdkKey = mapper.sdkKey();
		URI baseUrl = mapper.baseUrl();
		DeliveryConfig config = mapper.deliveryConfig();
		PushWireFormat wire = new PushWireFormat(baseUrl, mapper.settingsUrl(), accountId, sdkKey,
				SdkIdentity.current(), mapper.platform(), mapper.gateway());
		VwoHttpClient http = null;
		SettingsRefresher settings = null;
		if (!config.devMode()) {
			http = new VwoHttpClient(webClientBuilder.getIfAvailable(WebClient::builder), mapper.connectTimeout(),
					mapper.responseTimeout(), config.maxInFlight() + 1);
			settings = new SettingsRefresher(wire, http, mapper.settingsRefreshInterval(), mapper.collectionPrefix());
		}
		return new DefaultVwoPushService(config, mapper.retryPolicy(), wire, accountId, http, settings,
				listeners.orderedStream().toList());
	}

}
