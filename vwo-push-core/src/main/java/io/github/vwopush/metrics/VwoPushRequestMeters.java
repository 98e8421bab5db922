package io.github.vwopush.metrics;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.vwopush.VwoDeliveryListener;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.jspecify.annotations.Nullable;

import static io.github.vwopush.metrics.VwoPushMeterNames.BATCH_SIZE;
import static io.github.vwopush.metrics.VwoPushMeterNames.OUTAGE_DURATION;
import static io.github.vwopush.metrics.VwoPushMeterNames.OUTCOME;
import static io.github.vwopush.metrics.VwoPushMeterNames.REQUESTS;
import static io.github.vwopush.metrics.VwoPushMeterNames.STATUS;
import static io.github.vwopush.metrics.VwoPushMeterNames.TRANSPORT;

/**
 * A timer sample per request to VWO's push endpoints and the number of dimensions it
 * carried, in every registry Spring Boot binds it to, and how long the requests have been
 * failing (the outage's age). The push service reports requests to
 * it (a {@link VwoDeliveryListener}); the sender sends none before the context has
 * started, by which time Boot has bound it.
 */
public final class VwoPushRequestMeters implements MeterBinder, VwoDeliveryListener {

	private final List<RegistryMeters> registries = new CopyOnWriteArrayList<>();

	/**
	 * When the current run of failed requests began ({@link System#nanoTime()}), or
	 * {@code null} while the last request succeeded; written by the sender thread only.
	 */
	private volatile @Nullable Long failingSinceNanos;

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registries.add(new RegistryMeters(registry));
		Gauge.builder(OUTAGE_DURATION, this, VwoPushRequestMeters::outageSeconds)
			.description("How long requests to VWO have been failing, since the first failure after the last success; "
					+ "0 while the last request succeeded")
			.baseUnit("seconds")
			.register(registry);
	}

	private double outageSeconds() {
		Long since = this.failingSinceNanos;
		return (since != null) ? Math.max(0, System.nanoTime() - since) / 1e9 : 0;
	}

	@Override
	public void requestCompleted(Request result) {
		// The same rule as the health contributor's DEGRADED: failing while the last request failed.
		if (result.isSuccess()) {
			this.failingSinceNanos = null;
		}
		else if (this.failingSinceNanos == null) {
			this.failingSinceNanos = System.nanoTime();
		}
		String status = (result.status() > 0) ? Integer.toString(result.status()) : "none";
		for (RegistryMeters meters : this.registries) {
			meters.record(result, status);
		}
	}

	/** The meters of one registry; request timers are registered per tag combination as it first occurs. */
	private static final class RegistryMeters {

		private final MeterRegistry registry;

		private final ConcurrentMap<String, Timer> requests = new ConcurrentHashMap<>();

		private final DistributionSummary batchSize;

		RegistryMeters(MeterRegistry registry) {
			this.registry = registry;
			this.batchSize = DistributionSummary.builder(BATCH_SIZE)
				.description("Custom dimensions carried by one request to VWO")
				.baseUnit("dimensions")
				.register(registry);
		}

		void record(Request result, String status) {
			String key = result.transport().tagValue() + '|' + result.outcome() + '|' + status;
			this.requests.computeIfAbsent(key, (k) -> Timer.builder(REQUESTS)
				.description("HTTP requests to VWO's push endpoints")
				.tag(TRANSPORT, result.transport().tagValue())
				.tag(OUTCOME, result.outcome())
				.tag(STATUS, status)
				.register(this.registry)).record(result.elapsed());
			this.batchSize.record(result.dimensions());
		}

	}

}
