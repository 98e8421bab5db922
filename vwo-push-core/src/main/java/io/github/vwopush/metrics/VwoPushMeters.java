package io.github.vwopush.metrics;

import io.github.vwopush.PushReason;
import io.github.vwopush.delivery.DefaultVwoPushService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import static io.github.vwopush.metrics.VwoPushMeterNames.ACCEPTED;
import static io.github.vwopush.metrics.VwoPushMeterNames.DIMENSIONS;
import static io.github.vwopush.metrics.VwoPushMeterNames.PENDING;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_BYTES;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_CAPACITY;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_SIZE;
import static io.github.vwopush.metrics.VwoPushMeterNames.REASON;
import static io.github.vwopush.metrics.VwoPushMeterNames.RECOVERED;
import static io.github.vwopush.metrics.VwoPushMeterNames.RESULT;
import static io.github.vwopush.metrics.VwoPushMeterNames.SPOOL_PARKED;
import static io.github.vwopush.metrics.VwoPushMeterNames.SPOOL_SIZE;

/**
 * Meters read from the push service's own exact accounting and state: every dimension's
 * final outcome, what was accepted or recovered, what waits, and what is accepted but not
 * yet final. Spring Boot binds it once all singletons exist; nothing is lost before that,
 * because the counts are the service's, not counted here.
 */
public final class VwoPushMeters implements MeterBinder {

	private final DefaultVwoPushService service;

	/**
	 * Create the binder.
	 * @param service the push service
	 */
	public VwoPushMeters(DefaultVwoPushService service) {
		this.service = service;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// Every combination up front, so that dashboards see zeros rather than gaps.
		for (PushReason reason : PushReason.values()) {
			FunctionCounter.builder(DIMENSIONS, this.service, (s) -> s.counters().count(reason))
				.description("Custom dimensions handed to VWO push, by final outcome")
				.baseUnit("dimensions")
				.tag(RESULT, reason.outcome().tagValue())
				.tag(REASON, reason.tagValue())
				.register(registry);
		}
		// With the outcome counters these make the README's equation checkable from /actuator/metrics:
		// accepted + recovered = dimensions{success, failure, dropped, spooled} + pending + spool.parked.
		FunctionCounter.builder(ACCEPTED, this.service, (s) -> s.counters().accepted())
			.description("Valid custom dimensions handed to VWO push (rejected ones are not accepted)")
			.baseUnit("dimensions")
			.register(registry);
		FunctionCounter.builder(RECOVERED, this.service, (s) -> s.counters().recovered())
			.description("Custom dimensions a previous run left in the disk spool, recovered at startup")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(QUEUE_SIZE, this.service, DefaultVwoPushService::queueSize)
			.description("Custom dimensions waiting in the push queue")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(QUEUE_CAPACITY, this.service, (s) -> s.config().queueCapacity())
			.description("Most custom dimensions the push queue holds")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(QUEUE_BYTES, this.service, DefaultVwoPushService::queueBytes)
			.description("Approximate heap held by the queued custom dimensions")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(SPOOL_PARKED, this.service, DefaultVwoPushService::spooledDimensions)
			.description("Custom dimensions kept on disk only, waiting to be read back (0 without the spool)")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(SPOOL_SIZE, this.service, DefaultVwoPushService::spoolBytes)
			.description("Disk space the push spool uses (0 without the spool)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(PENDING, this.service, DefaultVwoPushService::pending)
			.description("Custom dimensions accepted and not yet at their final outcome (queued or in flight)")
			.baseUnit("dimensions")
			.register(registry);
	}

}
