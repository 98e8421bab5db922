package io.github.vwopush.metrics;

import java.util.Locale;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoCredentials;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushState;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import static io.github.vwopush.metrics.VwoPushMeterNames.ACCEPTED;
import static io.github.vwopush.metrics.VwoPushMeterNames.CREDENTIALS;
import static io.github.vwopush.metrics.VwoPushMeterNames.DIMENSIONS;
import static io.github.vwopush.metrics.VwoPushMeterNames.PENDING;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_BYTES;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_CAPACITY;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_MAX_BYTES;
import static io.github.vwopush.metrics.VwoPushMeterNames.QUEUE_SIZE;
import static io.github.vwopush.metrics.VwoPushMeterNames.REASON;
import static io.github.vwopush.metrics.VwoPushMeterNames.RECOVERED;
import static io.github.vwopush.metrics.VwoPushMeterNames.REQUESTS_IN_FLIGHT;
import static io.github.vwopush.metrics.VwoPushMeterNames.REQUESTS_IN_FLIGHT_MAX;
import static io.github.vwopush.metrics.VwoPushMeterNames.RESULT;
import static io.github.vwopush.metrics.VwoPushMeterNames.SPOOL_MAX_SIZE;
import static io.github.vwopush.metrics.VwoPushMeterNames.SPOOL_PARKED;
import static io.github.vwopush.metrics.VwoPushMeterNames.SPOOL_SIZE;
import static io.github.vwopush.metrics.VwoPushMeterNames.STATE;

/**
 * Meters read from the push service's own exact accounting and state: every dimension's
 * final outcome, what was accepted or recovered, what waits, and what is accepted but not
 * yet final; the limits those levels are held to, the requests in flight, and what VWO
 * says of the credentials. Spring Boot binds it once all singletons exist; nothing is lost before that,
 * because the counts are the service's, not counted here.
 */
public final class VwoPushMeters implements MeterBinder {

	private final VwoPushState state;

	private final VwoPushEngine.Configuration configuration;

	/**
	 * Create the binder.
	 * @param engine the push engine
	 */
	public VwoPushMeters(VwoPushEngine engine) {
		this.state = engine.state();
		this.configuration = engine.configuration();
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// Gauges hold their object weakly: the state lives as long as the engine, the limits are fixed.
		// Every combination up front, so that dashboards see zeros rather than gaps.
		for (PushReason reason : PushReason.values()) {
			FunctionCounter.builder(DIMENSIONS, this.state, (s) -> s.count(reason))
				.description("Custom dimensions handed to VWO push, by final outcome")
				.baseUnit("dimensions")
				.tag(RESULT, reason.outcome().tagValue())
				.tag(REASON, reason.tagValue())
				.register(registry);
		}
		// With the outcome counters these make the README's equation checkable from /actuator/metrics:
		// accepted + recovered = dimensions{success, failure, dropped, spooled} + pending + spool.parked.
		FunctionCounter.builder(ACCEPTED, this.state, (s) -> s.accepted())
			.description("Valid custom dimensions handed to VWO push (rejected ones are not accepted)")
			.baseUnit("dimensions")
			.register(registry);
		FunctionCounter.builder(RECOVERED, this.state, (s) -> s.recovered())
			.description("Custom dimensions a previous run left in the disk spool, recovered at startup")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(QUEUE_SIZE, this.state, VwoPushState::queueSize)
			.description("Custom dimensions waiting in the push queue")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(QUEUE_CAPACITY, this.state, (s) -> this.configuration.queueCapacity())
			.description("Most custom dimensions the push queue holds")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(QUEUE_BYTES, this.state, VwoPushState::queueBytes)
			.description("Approximate heap held by the queued custom dimensions")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(SPOOL_PARKED, this.state, VwoPushState::spooledDimensions)
			.description("Custom dimensions kept on disk only, waiting to be read back (0 without the spool)")
			.baseUnit("dimensions")
			.register(registry);
		Gauge.builder(SPOOL_SIZE, this.state, VwoPushState::spoolBytes)
			.description("Disk space the push spool uses (0 without the spool)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(PENDING, this.state, VwoPushState::pending)
			.description("Custom dimensions accepted and not yet at their final outcome (queued or in flight)")
			.baseUnit("dimensions")
			.register(registry);
		// The limits, so that dashboards and alerts compare the levels above with what this instance allows.
		Gauge.builder(QUEUE_MAX_BYTES, this.state, (s) -> this.configuration.queueMaxBytes())
			.description("Most heap the queued custom dimensions may hold (vwo.queue.max-size)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(SPOOL_MAX_SIZE, this.state, (s) -> this.configuration.spoolMaxBytes())
			.description("Most disk space the push spool may use (vwo.spool.max-size; 0 without the spool)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(REQUESTS_IN_FLIGHT, this.state, VwoPushState::requestsInFlight)
			.description("Requests to VWO's push endpoints in flight now")
			.register(registry);
		Gauge.builder(REQUESTS_IN_FLIGHT_MAX, this.state, (s) -> this.configuration.maxInFlight())
			.description("Most requests to VWO's push endpoints in flight at once (vwo.http.max-in-flight)")
			.register(registry);
		// As the vwo health contributor reads it: VwoPushState.credentials().
		for (VwoCredentials credentials : VwoCredentials.values()) {
			Gauge.builder(CREDENTIALS, this.state, (s) -> (s.credentials() == credentials) ? 1 : 0)
				.description("What VWO says of the account id and SDK key: 1 for the current state, 0 for the others")
				.tag(STATE, credentials.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

}
