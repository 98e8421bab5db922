package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;

import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.protocol.Transport;
import org.jspecify.annotations.Nullable;

/**
 * What the last requests to VWO's push endpoints said, for health and the endpoint. Holds
 * no request data and no secret.
 */
public final class DeliveryStatus implements DeliveryListener {

	private volatile @Nullable Instant lastSuccess;

	private volatile @Nullable Instant lastFailure;

	private volatile @Nullable String lastError;

	private volatile boolean credentialsRejected;

	/** When the current run of failed requests began ({@link System#nanoTime()}), or {@code null}; sender thread writes. */
	private volatile @Nullable Long failingSinceNanos;

	DeliveryStatus() {
	}

	@Override
	public void requestCompleted(Transport transport, HttpResult result, int dimensions) {
		Instant now = Instant.now();
		if (result.isSuccess()) {
			this.lastSuccess = now;
			this.credentialsRejected = false;
			this.failingSinceNanos = null;
			return;
		}
		if (this.failingSinceNanos == null) {
			this.failingSinceNanos = System.nanoTime();
		}
		this.lastFailure = now;
		this.lastError = (result.failure() != null) ? result.failure().name() + " (" + result.errorType() + ")"
				: "HTTP " + result.status();
		this.credentialsRejected = result.status() == 401 || result.status() == 403;
	}

	/**
	 * When VWO last answered a push request with 2xx.
	 * @return the time, or {@code null}
	 */
	public @Nullable Instant lastSuccess() {
		return this.lastSuccess;
	}

	/**
	 * When a push request last failed.
	 * @return the time, or {@code null}
	 */
	public @Nullable Instant lastFailure() {
		return this.lastFailure;
	}

	/**
	 * The last failure: an HTTP status or a transport failure with its exception class.
	 * @return the description, or {@code null}
	 */
	public @Nullable String lastError() {
		return this.lastError;
	}

	/**
	 * Whether the last failed push request was answered 401 or 403 and none succeeded since.
	 * @return {@code true} when VWO rejects the credentials
	 */
	public boolean credentialsRejected() {
		return this.credentialsRejected;
	}

	/**
	 * How long requests have been failing: since the first failure after the last success,
	 * on the monotonic clock.
	 * @return the outage's age, zero while the last request succeeded
	 */
	public Duration outageAge() {
		Long since = this.failingSinceNanos;
		return (since != null) ? Duration.ofNanos(Math.max(0, System.nanoTime() - since)) : Duration.ZERO;
	}

	/**
	 * Whether the last request failed: VWO is down, slow or refusing.
	 * @return {@code true} when the last request failed
	 */
	public boolean isFailing() {
		Instant failure = this.lastFailure;
		Instant success = this.lastSuccess;
		return failure != null && (success == null || failure.isAfter(success));
	}

}
