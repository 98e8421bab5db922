package io.github.vwopush;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only, live view of a {@link VwoPushEngine}: its exact counts, what it holds, and
 * what VWO last said. Every method reads the current value from memory (no request, no
 * lock), so health checks and meters may call it as often as they like. Holds no secret,
 * no user id and no value.
 */
public interface VwoPushState {

	/**
	 * Valid dimensions handed to the engine (rejected ones are not accepted).
	 * @return the count
	 */
	long accepted();

	/**
	 * Dimensions recovered from the disk spool at startup (accepted by a previous process).
	 * @return the count
	 */
	long recovered();

	/**
	 * Dimensions that ended with a reason.
	 * @param reason the reason
	 * @return the count
	 */
	long count(PushReason reason);

	/**
	 * Dimensions that ended with an outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	long count(PushOutcome outcome);

	/**
	 * Every reason with a non-zero count.
	 * @return reason to count
	 */
	Map<PushReason, Long> byReason();

	/**
	 * Dimensions accepted and not yet at their final outcome (queued or in flight).
	 * @return the count
	 */
	int pending();

	/**
	 * How long the oldest dimension held in memory and not yet final has waited.
	 * @return the age, or {@code null} when nothing is pending
	 */
	@Nullable Duration oldestPendingAge();

	/**
	 * Dimensions waiting in the queue.
	 * @return the queue size
	 */
	int queueSize();

	/**
	 * Approximate heap held by accepted dimensions that are not yet final.
	 * @return bytes
	 */
	long queueBytes();

	/**
	 * Dimensions kept on disk only (the spool's parked backlog), 0 without a spool.
	 * @return the count
	 */
	long spooledDimensions();

	/**
	 * Bytes the disk spool uses, 0 without a spool.
	 * @return the size
	 */
	long spoolBytes();

	/**
	 * Requests to VWO's push endpoints in flight now, 0 when nothing is sent.
	 * @return the requests in flight
	 */
	int requestsInFlight();

	/**
	 * When VWO last answered a push request with 2xx.
	 * @return the time, or {@code null}
	 */
	@Nullable Instant lastSuccess();

	/**
	 * When a push request last failed.
	 * @return the time, or {@code null}
	 */
	@Nullable Instant lastFailure();

	/**
	 * The last failure: an HTTP status, or a transport failure with its exception class.
	 * @return the description, or {@code null}
	 */
	@Nullable String lastError();

	/**
	 * How long requests to VWO have been failing, since the first failure after the last
	 * success (what the {@code vwo.push.outage.duration} gauge shows).
	 * @return the outage's age, zero while the last request succeeded
	 */
	Duration outageAge();

	/**
	 * Whether the last request failed: VWO is down, slow or refusing.
	 * @return {@code true} when the last request failed
	 */
	boolean isFailing();

	/**
	 * What VWO says of the account id and SDK key: rejected when it answered 401 or 403 to
	 * the settings file, or to the last failed push with none succeeding since; else what the
	 * settings file said.
	 * @return the credentials' state
	 */
	VwoCredentials credentials();

	/**
	 * The settings file's state, or {@code null} in development mode.
	 * @return the settings
	 */
	@Nullable Settings settings();

	/**
	 * The state of VWO's settings file as last fetched.
	 *
	 * @param credentials what VWO said of the credentials
	 * @param collectionPrefix the data-residency prefix events are sent with, or
	 * {@code null}
	 * @param prefixOverridden whether a configured collection prefix overrides VWO's value
	 * @param eventArchEnabled whether VWO reported the account on the event architecture
	 * @param lastSuccess when the settings file was last served, or {@code null}
	 * @param lastError the last fetch error (status or exception class), or {@code null}
	 * @param webConnectivityEnabled whether web visitors' ids are used as they are (FME)
	 */
	record Settings(VwoCredentials credentials, @Nullable String collectionPrefix, boolean prefixOverridden,
			boolean eventArchEnabled, @Nullable Instant lastSuccess, @Nullable String lastError,
			boolean webConnectivityEnabled) {
	}

}
