package io.github.vwopush.internal.http;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * What one HTTP exchange with VWO produced: a status, or a transport failure. Holds no
 * request data, so it is safe to log.
 *
 * @param status the HTTP status, or {@code 0} when no response arrived
 * @param failure why no response arrived, or {@code null}
 * @param errorType the simple class name of the transport exception, or {@code null}
 * @param bodyExcerpt the start of the response body, for error logs
 * @param retryAfter the raw {@code Retry-After} header, or {@code null}
 * @param body the response body (kept only for small, successful responses)
 * @param elapsed how long the exchange took
 */
public record HttpResult(int status, @Nullable TransportFailure failure, @Nullable String errorType,
		String bodyExcerpt, @Nullable String retryAfter, byte[] body, Duration elapsed) {

	/** Why a request produced no HTTP response. */
	public enum TransportFailure {

		/** Connecting or waiting for the response took longer than allowed. */
		TIMEOUT,

		/** The connection was refused, reset or closed. */
		IO_ERROR

	}

	/**
	 * Whether VWO answered 2xx.
	 * @return {@code true} on a 2xx status
	 */
	public boolean isSuccess() {
		return this.status >= 200 && this.status < 300;
	}

	/**
	 * The Micrometer-style outcome of the exchange.
	 * @return {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, {@code TIMEOUT} or
	 * {@code IO_ERROR}
	 */
	public String outcome() {
		if (this.failure != null) {
			return this.failure.name();
		}
		if (this.status >= 200 && this.status < 300) {
			return "SUCCESS";
		}
		if (this.status >= 400 && this.status < 500) {
			return "CLIENT_ERROR";
		}
		if (this.status >= 500 && this.status < 600) {
			return "SERVER_ERROR";
		}
		return "UNKNOWN";
	}

	/**
	 * A short description for logs: the status or the failure, never the request.
	 * @return the description
	 */
	public String describe() {
		if (this.failure != null) {
			return this.failure.name().toLowerCase(java.util.Locale.ROOT) + " (" + this.errorType + ")";
		}
		return "HTTP " + this.status + (this.bodyExcerpt.isEmpty() ? "" : ": " + this.bodyExcerpt);
	}

}
