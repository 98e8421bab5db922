package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import org.jspecify.annotations.Nullable;

/**
 * Which answers are worth another attempt, how long to wait before it (exponential backoff
 * with full jitter, VWO's {@code Retry-After} honoured up to a cap), and when to give up: a
 * request is retried for a time budget, not a count, so an outage of a few minutes or a
 * run of {@code 429 Retry-After: 1} answers costs time, never the dimensions.
 *
 * @param maxElapsed how long one request keeps being retried, from its first attempt
 * @param maxAttempts attempts per request, the first included, as an extra bound; 0 for
 * none (the default)
 * @param initialBackoff the backoff ceiling after the first failure
 * @param maxBackoff the largest backoff ceiling
 * @param maxRetryAfter the longest {@code Retry-After} that is honoured
 */
public record RetryPolicy(Duration maxElapsed, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
		Duration maxRetryAfter) {

	/**
	 * Whether a request that just failed in a retryable way is given up.
	 * @param attempts attempts made so far, the one that just failed included
	 * @param elapsed time since its first attempt started; waits asked for by
	 * {@code Retry-After} count as the time they take, nothing more
	 * @return {@code true} when the budget (or the optional attempt limit) is used up
	 */
	public boolean givesUp(int attempts, Duration elapsed) {
		return elapsed.compareTo(this.maxElapsed) >= 0 || (this.maxAttempts > 0 && attempts >= this.maxAttempts);
	}

	/**
	 * Whether a result is worth another attempt: transport failures, 408, 425, 429, 500,
	 * 502, 503 and 504. Any other 4xx or 5xx would fail again.
	 * @param result the result
	 * @return {@code true} when retryable
	 */
	public boolean isRetryable(HttpResult result) {
		if (result.failure() != null) {
			return true;
		}
		return switch (result.status()) {
			case 408, 425, 429, 500, 502, 503, 504 -> true;
			default -> false;
		};
	}

	/**
	 * The reason a result counts as when it is final.
	 * @param result a result that is not a success
	 * @return the failure reason
	 */
	public PushReason failureReason(HttpResult result) {
		if (result.failure() != null) {
			return (result.failure() == HttpResult.TransportFailure.TIMEOUT) ? PushReason.TIMEOUT : PushReason.IO_ERROR;
		}
		if (result.status() == 429) {
			return PushReason.HTTP_429;
		}
		if (result.status() == 413) {
			return PushReason.PAYLOAD_TOO_LARGE;
		}
		return (result.status() >= 500) ? PushReason.HTTP_5XX : PushReason.HTTP_4XX;
	}

	/**
	 * How long to wait after a run of consecutive failures.
	 * @param consecutiveFailures failures since the last success, at least 1
	 * @param retryAfter the last answer's {@code Retry-After}, or {@code null}
	 * @param now the current time, to read an HTTP-date
	 * @return the delay: a random duration up to the exponential ceiling, and never less
	 * than the (capped) {@code Retry-After}
	 */
	public Duration backoff(int consecutiveFailures, @Nullable String retryAfter, Instant now) {
		int doublings = Math.min(Math.max(consecutiveFailures - 1, 0), 30);
		long ceiling = Math.min(this.maxBackoff.toMillis(), this.initialBackoff.toMillis() << doublings);
		if (ceiling < 0) {
			ceiling = this.maxBackoff.toMillis();
		}
		Duration jittered = Duration.ofMillis(ThreadLocalRandom.current().nextLong(ceiling + 1));
		Duration asked = retryAfter(retryAfter, now);
		return (asked != null && asked.compareTo(jittered) > 0) ? asked : jittered;
	}

	/**
	 * The wait a {@code Retry-After} header asks for, capped at {@link #maxRetryAfter()}.
	 * Compared as durations before any conversion, so that no value, however large, can
	 * overflow into an error and turn a retryable answer into a failure.
	 * @param header the header value, or {@code null}
	 * @param now the current time, to read an HTTP-date
	 * @return the capped delay, or {@code null} when absent or unreadable
	 */
	public @Nullable Duration retryAfter(@Nullable String header, Instant now) {
		Duration asked = parseRetryAfter(header, now);
		if (asked == null) {
			return null;
		}
		return (asked.compareTo(this.maxRetryAfter) > 0) ? this.maxRetryAfter : asked;
	}

	/**
	 * Read a {@code Retry-After} header: delay-seconds or an HTTP-date.
	 * @param header the header value, or {@code null}
	 * @param now the current time
	 * @return the delay (zero for a date in the past), or {@code null} when absent or
	 * unreadable
	 */
	public static @Nullable Duration parseRetryAfter(@Nullable String header, Instant now) {
		if (header == null || header.isBlank()) {
			return null;
		}
		String value = header.strip();
		if (value.chars().allMatch(Character::isDigit)) {
			try {
				return Duration.ofSeconds(Long.parseLong(value));
			}
			catch (NumberFormatException ex) {
				return Duration.ofSeconds(Long.MAX_VALUE / 1_000_000_000L);
			}
		}
		try {
			Instant at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return delay.isNegative() ? Duration.ZERO : delay;
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
