package io.github.vwopush.metrics;

import io.github.vwopush.PushReason;
import java.util.Locale;

import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.delivery.DeliveryConfig;
import io.github.vwopush.internal.settings.CredentialsStatus;
import io.github.vwopush.internal.settings.SettingsSnapshot;
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
		// The limits, so that dashboards and alerts compare the levels above with what this instance allows.
		Gauge.builder(QUEUE_MAX_BYTES, this.service, (s) -> s.config().queueMaxBytes())
			.description("Most heap the queued custom dimensions may hold (vwo.queue.max-size)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(SPOOL_MAX_SIZE, this.service, VwoPushMeters::spoolMaxBytes)
			.description("Most disk space the push spool may use (vwo.spool.max-size; 0 without the spool)")
			.baseUnit("bytes")
			.register(registry);
		Gauge.builder(REQUESTS_IN_FLIGHT, this.service, DefaultVwoPushService::requestsInFlight)
			.description("Requests to VWO's push endpoints in flight now")
			.register(registry);
		Gauge.builder(REQUESTS_IN_FLIGHT_MAX, this.service, (s) -> s.config().maxInFlight())
			.description("Most requests to VWO's push endpoints in flight at once (vwo.http.max-in-flight)")
			.register(registry);
		for (CredentialsStatus state : CredentialsStatus.values()) {
			Gauge.builder(CREDENTIALS, this.service, (s) -> (credentials(s) == state) ? 1 : 0)
				.description("What VWO says of the account id and SDK key: 1 for the current state, 0 for the others")
				.tag(STATE, state.name().toLowerCase(Locale.ROOT))
				.register(registry);
		}
	}

	private static double spoolMaxBytes(DefaultVwoPushService service) {
		DeliveryConfig.Spool spool = service.config().spool();
		return (spool != null) ? spool.maxBytes() : 0;
	}

	// As the vwo health contributor reads it (VwoHealthReport): rejected when VWO answered 401 or 403 to the settings
	// file, or to the last failed push with no push succeeding since; else what the settings file said.
	private static CredentialsStatus credentials(DefaultVwoPushService service) {
		SettingsSnapshot settings = service.settings();
		if (service.status().credentialsRejected()
				|| (settings != null && settings.credentials() == CredentialsStatus.REJECTED)) {
			return CredentialsStatus.REJECTED;
		}
		return (settings != null) ? settings.credentials() : CredentialsStatus.UNKNOWN;
	}

}
