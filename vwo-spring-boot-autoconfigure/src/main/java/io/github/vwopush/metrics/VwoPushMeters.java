package io.github.vwopush.metrics;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.github.vwopush.PushReason;
import io.github.vwopush.delivery.DeliveryListener;
import io.github.vwopush.http.HttpResult;
import io.github.vwopush.protocol.Transport;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Micrometer meters for every dimension's final outcome and every request to VWO. Every
 * {@code vwo.push.dimensions} counter is registered up front, so dashboards see zeros rather
 * than gaps.
 */
public final class VwoPushMeters implements DeliveryListener {

	/** Dimensions by final outcome; tags {@code result} and {@code reason}. */
	public static final String DIMENSIONS = "vwo.push.dimensions";

	/** HTTP requests to VWO's push endpoints; tags {@code transport}, {@code outcome}, {@code status}. */
	public static final String REQUESTS = "vwo.push.requests";

	/** Dimensions per request. */
	public static final String BATCH_SIZE = "vwo.push.batch.size";

	private final MeterRegistry registry;

	private final Map<PushReason, Counter> dimensions = new EnumMap<>(PushReason.class);

	private final ConcurrentMap<String, Timer> requests = new ConcurrentHashMap<>();

	private final DistributionSummary batchSize;

	/**
	 * Register the meters.
	 * @param registry the registry
	 */
	public VwoPushMeters(MeterRegistry registry) {
		this.registry = registry;
		for (PushReason reason : PushReason.values()) {
			this.dimensions.put(reason, Counter.builder(DIMENSIONS)
				.description("Custom dimensions handed to VWO push, by final outcome")
				.baseUnit("dimensions")
				.tag("result", reason.outcome().tagValue())
				.tag("reason", reason.tagValue())
				.register(registry));
		}
		this.batchSize = DistributionSummary.builder(BATCH_SIZE)
			.description("Custom dimensions carried by one request to VWO")
			.baseUnit("dimensions")
			.register(registry);
	}

	@Override
	public void dimensionsFinished(PushReason reason, int count) {
		this.dimensions.get(reason).increment(count);
	}

	@Override
	public void requestCompleted(Transport transport, HttpResult result, int dimensions) {
		String status = (result.status() > 0) ? Integer.toString(result.status()) : "none";
		String key = transport.tagValue() + '|' + result.outcome() + '|' + status;
		this.requests.computeIfAbsent(key, (k) -> Timer.builder(REQUESTS)
			.description("HTTP requests to VWO's push endpoints")
			.tag("transport", transport.tagValue())
			.tag("outcome", result.outcome())
			.tag("status", status)
			.register(this.registry)).record(result.elapsed());
		this.batchSize.record(dimensions);
	}

}
