package io.github.vwopush.metrics;

import io.github.vwopush.delivery.DefaultVwoPushService;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters read from the push service's own state: what was accepted or recovered, what
 * waits, and what is accepted but not yet final.
 */
public final class VwoPushQueueMetrics implements MeterBinder {

	private final DefaultVwoPushService service;

	/**
	 * Create the binder.
	 * @param service the push service
	 */
	public VwoPushQueueMetrics(DefaultVwoPushService service) {
		this.service = service;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// With the outcome counters these make the README's equation checkable from /actuator/metrics:
		// accepted + recovered = dimensions{success, failure, dropped, spooled} + pending + spool.parked.
		FunctionCounter.builder("vwo.push.accepted", this.service, (s) -> s.counters().accepted())
			.description("Valid custom dimensions handed to VWO push (rejected ones are not accepted)")
			.baseUnit("dimensions")
			.register(registry);
		FunctionCounter.builder("vwo.push.recovered", this.service, (s) -> s.counters().recovered())
			.description("Custom dimensions a previous run left in the disk spool, recovered at startup")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder("vwo.push.queue.size", this.service, DefaultVwoPushService::queueSize)
			.description("Custom dimensions waiting in the push queue")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder("vwo.push.queue.capacity", this.service, (s) -> s.config().queueCapacity())
			.description("Most custom dimensions the push queue holds")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder("vwo.push.queue.bytes", this.service, DefaultVwoPushService::queueBytes)
			.description("Approximate heap held by the queued custom dimensions")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("vwo.push.spool.parked", this.service, DefaultVwoPushService::spooledDimensions)
			.description("Custom dimensions kept on disk only, waiting to be read back (0 without the spool)")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder("vwo.push.spool.size", this.service, DefaultVwoPushService::spoolBytes)
			.description("Disk space the push spool uses (0 without the spool)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder("vwo.push.pending", this.service, DefaultVwoPushService::pending)
			.description("Custom dimensions accepted and not yet at their final outcome (queued or in flight)")
			.baseUnit("dimensions")
			.register(registry);
	}

}
