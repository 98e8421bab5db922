package io.github.vwopush.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.actuate.VwoEndpointContributor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.util.StringUtils;

/**
 * The {@code vwo} Actuator endpoint, and masking of the SDK key in {@code env} and
 * {@code configprops}.
 */
@AutoConfiguration(after = VwoAutoConfiguration.class)
@ConditionalOnClass({ SanitizingFunction.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(VwoPushEngine.class)
public final class VwoEndpointAutoConfiguration {

	static final String MASK = "******";

	static final String NOT_SET = "(not set)";

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	VwoEndpoint vwoEndpoint(VwoPushEngine service, VwoProperties properties,
			ObjectProvider<VwoEndpointContributor> contributors) {
		return new VwoEndpoint(service, effectiveConfiguration(service.configuration(), properties),
				contributors.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean(name = "vwoSdkKeySanitizingFunction")
	SanitizingFunction vwoSdkKeySanitizingFunction(VwoProperties properties) {
		return new SdkKeySanitizingFunction(properties.getSdkKey());
	}

	private static Map<String, Object> effectiveConfiguration(VwoPushEngine.Configuration config,
			VwoProperties properties) {
		Map<String, Object> effective = new LinkedHashMap<>();
		effective.put("accountId", properties.getAccountId());
		effective.put("sdkKey", StringUtils.hasText(properties.getSdkKey()) ? MASK : NOT_SET);
		effective.put("platform", properties.getPlatform().tagValue());
		effective.put("baseUrl", properties.getBaseUrl());
		if (properties.getGatewayUrl() != null) {
			effective.put("gatewayUrl", properties.getGatewayUrl());
		}
		effective.put("collectionPrefix", (properties.getGatewayUrl() != null) ? "(none: gateway)"
				: (properties.getCollectionPrefix() != null) ? properties.getCollectionPrefix()
						: "(from the settings file)");
		effective.put("http.maxInFlight", config.maxInFlight());
		effective.put("transport", config.transport().tagValue());
		effective.put("devMode", config.devMode());
		effective.put("batch.maxEvents", config.maxEvents());
		effective.put("batch.linger", config.linger().toString());
		effective.put("queue.capacity", config.queueCapacity());
		effective.put("http.connectTimeout", properties.getHttp().getConnectTimeout().toString());
		effective.put("http.responseTimeout", properties.getHttp().getResponseTimeout().toString());
		effective.put("retry.maxElapsed", properties.getRetry().getMaxElapsed().toString());
		effective.put("retry.maxAttempts", (properties.getRetry().getMaxAttempts() != null)
				? properties.getRetry().getMaxAttempts() : "(no limit)");
		effective.put("shutdown.timeout", config.shutdownTimeout().toString());
		Path spoolDirectory = config.spoolDirectory();
		Duration spoolSyncInterval = config.spoolSyncInterval();
		effective.put("spool.enabled", spoolDirectory != null);
		if (spoolDirectory != null && spoolSyncInterval != null) {
			effective.put("spool.directory", spoolDirectory.toString());
			effective.put("spool.syncInterval", spoolSyncInterval.toString());
		}
		return effective;
	}

}
