package io.github.vwopush.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.vwopush.VwoCredentials;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushState;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code vwo} health indicator reports, from in-memory state only (no request per
 * probe). Both Spring Boot lines' indicators publish it; only their health API differs.
 *
 * @param status the status code: {@value #CREDENTIALS_REJECTED} when VWO rejected the account
 * id and SDK key (401 or 403), or {@code DOWN} for that when asked to
 * ({@code vwo.health.down-on-rejected-credentials}); {@value #DEGRADED} when the last
 * request to VWO failed (dimensions are queued and retried, so an outage does not take the
 * application down); {@code UP} otherwise. Neither of the two custom codes is in Spring
 * Boot's default status order, so neither changes the application's aggregate health nor
 * its HTTP status: analytics delivery is no reason to take an instance out of rotation
 * @param details the details, in the order they are shown; never the SDK key
 */
public record VwoHealthReport(String status, Map<String, Object> details) {

	/** The status code of a VWO outage; Boot's default status order ignores it when it aggregates. */
	public static final String DEGRADED = "DEGRADED";

	/** What {@value #DEGRADED} means, for the status's description. */
	public static final String DEGRADED_DESCRIPTION = "VWO is not accepting pushes right now; dimensions are queued and retried";

	/**
	 * The status code when VWO rejected the account id and SDK key; Boot's default status
	 * order ignores it when it aggregates.
	 */
	public static final String CREDENTIALS_REJECTED = "CREDENTIALS_REJECTED";

	/** What {@value #CREDENTIALS_REJECTED} means, for the status's description. */
	public static final String CREDENTIALS_REJECTED_DESCRIPTION = "VWO rejected the account id and SDK key (HTTP 401 "
			+ "or 403): nothing is delivered until they are fixed; the application keeps serving";

	/**
	 * Read the service's health, with rejected credentials reported as
	 * {@value #CREDENTIALS_REJECTED}.
	 * @param service the push engine
	 * @return its health now
	 */
	public static VwoHealthReport of(VwoPushEngine service) {
		return of(service, false);
	}

	/**
	 * Read the service's health.
	 * @param service the push engine
	 * @param downOnRejectedCredentials whether rejected credentials are {@code DOWN} (which
	 * fails the aggregate health) rather than {@value #CREDENTIALS_REJECTED}
	 * @return its health now
	 */
	public static VwoHealthReport of(VwoPushEngine service, boolean downOnRejectedCredentials) {
		VwoPushState state = service.state();
		VwoPushEngine.Configuration configuration = service.configuration();
		VwoPushState.Settings settings = state.settings();
		VwoCredentials credentials = state.credentials();
		boolean rejected = credentials == VwoCredentials.REJECTED;
		String status = rejected ? (downOnRejectedCredentials ? "DOWN" : CREDENTIALS_REJECTED)
				: state.isFailing() ? DEGRADED : "UP";
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("platform", configuration.platform().tagValue());
		details.put("transport", configuration.transport().tagValue());
		details.put("devMode", configuration.devMode());
		details.put("queueSize", state.queueSize());
		details.put("pending", state.pending());
		details.put("credentials", credentials);
		Duration oldest = state.oldestPendingAge();
		if (oldest != null) {
			details.put("oldestPendingAge", oldest.toString());
		}
		// Each read once: the sender updates them concurrently, and a detail is never null.
		putIfPresent(details, "lastSuccess", state.lastSuccess());
		Instant lastFailure = state.lastFailure();
		if (lastFailure != null) {
			details.put("lastFailure", lastFailure);
			putIfPresent(details, "lastError", state.lastError());
		}
		if (settings != null) {
			putIfPresent(details, "settingsError", settings.lastError());
		}
		return new VwoHealthReport(status, Collections.unmodifiableMap(details));
	}

	private static void putIfPresent(Map<String, Object> details, String name, @Nullable Object value) {
		if (value != null) {
			details.put(name, value);
		}
	}

}
