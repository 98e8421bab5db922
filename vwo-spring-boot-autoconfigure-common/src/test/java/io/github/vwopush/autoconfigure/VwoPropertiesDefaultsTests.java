package io.github.vwopush.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.github.vwopush.VwoPushEngine.Builder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine's defaults live in {@link Builder}; {@link VwoProperties} refers to them, and
 * the metadata IDEs show (which the configuration processor cannot derive from another
 * class's constants, so {@code additional-spring-configuration-metadata.json} states them)
 * says the same.
 */
class VwoPropertiesDefaultsTests {

	private static Map<String, Object> engineDefaults() {
		VwoProperties properties = new VwoProperties();
		Map<String, Object> defaults = new LinkedHashMap<>();
		defaults.put("vwo.base-url", properties.getBaseUrl());
		defaults.put("vwo.platform", properties.getPlatform().tagValue());
		defaults.put("vwo.batch.max-events", properties.getBatch().getMaxEvents());
		defaults.put("vwo.batch.linger", properties.getBatch().getLinger());
		defaults.put("vwo.queue.capacity", properties.getQueue().getCapacity());
		defaults.put("vwo.queue.max-size", properties.getQueue().getMaxSize());
		defaults.put("vwo.http.connect-timeout", properties.getHttp().getConnectTimeout());
		defaults.put("vwo.http.response-timeout", properties.getHttp().getResponseTimeout());
		defaults.put("vwo.http.max-in-flight", properties.getHttp().getMaxInFlight());
		defaults.put("vwo.retry.max-elapsed", properties.getRetry().getMaxElapsed());
		defaults.put("vwo.retry.initial-backoff", properties.getRetry().getInitialBackoff());
		defaults.put("vwo.retry.max-backoff", properties.getRetry().getMaxBackoff());
		defaults.put("vwo.retry.max-retry-after", properties.getRetry().getMaxRetryAfter());
		defaults.put("vwo.settings.refresh-interval", properties.getSettings().getRefreshInterval());
		defaults.put("vwo.shutdown.timeout", properties.getShutdown().getTimeout());
		defaults.put("vwo.logging.interval", properties.getLogging().getInterval());
		defaults.put("vwo.spool.max-size", properties.getSpool().getMaxSize());
		defaults.put("vwo.spool.sync-interval", properties.getSpool().getSyncInterval());
		return defaults;
	}

	@Test
	void thePropertiesDefaultsAreTheBuilders() {
		Map<String, Object> builder = new LinkedHashMap<>();
		builder.put("vwo.base-url", Builder.DEFAULT_BASE_URL);
		builder.put("vwo.platform", Builder.DEFAULT_PLATFORM.tagValue());
		builder.put("vwo.batch.max-events", Builder.DEFAULT_MAX_EVENTS);
		builder.put("vwo.batch.linger", Builder.DEFAULT_LINGER);
		builder.put("vwo.queue.capacity", Builder.DEFAULT_QUEUE_CAPACITY);
		builder.put("vwo.queue.max-size", DataSize.ofBytes(Builder.DEFAULT_QUEUE_MAX_BYTES));
		builder.put("vwo.http.connect-timeout", Builder.DEFAULT_CONNECT_TIMEOUT);
		builder.put("vwo.http.response-timeout", Builder.DEFAULT_RESPONSE_TIMEOUT);
		builder.put("vwo.http.max-in-flight", Builder.DEFAULT_MAX_IN_FLIGHT);
		builder.put("vwo.retry.max-elapsed", Builder.DEFAULT_RETRY_MAX_ELAPSED);
		builder.put("vwo.retry.initial-backoff", Builder.DEFAULT_RETRY_INITIAL_BACKOFF);
		builder.put("vwo.retry.max-backoff", Builder.DEFAULT_RETRY_MAX_BACKOFF);
		builder.put("vwo.retry.max-retry-after", Builder.DEFAULT_RETRY_MAX_RETRY_AFTER);
		builder.put("vwo.settings.refresh-interval", Builder.DEFAULT_SETTINGS_REFRESH_INTERVAL);
		builder.put("vwo.shutdown.timeout", Builder.DEFAULT_SHUTDOWN_TIMEOUT);
		builder.put("vwo.logging.interval", Builder.DEFAULT_LOG_INTERVAL);
		builder.put("vwo.spool.max-size", DataSize.ofBytes(Builder.DEFAULT_SPOOL_MAX_BYTES));
		builder.put("vwo.spool.sync-interval", Builder.DEFAULT_SPOOL_SYNC_INTERVAL);
		assertThat(engineDefaults()).isEqualTo(builder);
	}

	@Test
	void theMetadataStatesTheSameDefaults() throws IOException {
		JsonNode metadata;
		try (InputStream in = getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			metadata = JsonMapper.builder().build().readTree(in);
		}
		Map<String, Object> stated = new HashMap<>();
		for (JsonNode property : metadata.path("properties")) {
			JsonNode value = property.path("defaultValue");
			String name = property.path("name").asText();
			if (!value.isMissingNode() && engineDefaults().containsKey(name)) {
				Object expected = engineDefaults().get(name);
				stated.put(name, (expected instanceof Duration) ? DurationStyle.detectAndParse(value.asText())
						: (expected instanceof DataSize) ? DataSize.parse(value.asText())
								: (expected instanceof Integer) ? value.asInt() : value.asText());
			}
		}
		assertThat(stated).isEqualTo(engineDefaults());
	}

}
