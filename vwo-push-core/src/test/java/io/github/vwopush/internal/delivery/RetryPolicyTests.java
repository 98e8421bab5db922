package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private final RetryPolicy policy = new RetryPolicy(Duration.ofMinutes(15), 0, Duration.ofMillis(500),
			Duration.ofSeconds(30), Duration.ofMinutes(5));

	@Test
	void retryAfterInSecondsAndAsAnHttpDate() {
		assertThat(RetryPolicy.parseRetryAfter("120", NOW)).isEqualTo(Duration.ofSeconds(120));
		assertThat(RetryPolicy.parseRetryAfter(" 0 ", NOW)).isEqualTo(Duration.ZERO);
		assertThat(RetryPolicy.parseRetryAfter("Mon, 23 Nov 2026 10:01:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(90));
		assertThat(RetryPolicy.parseRetryAfter("Mon, 23 Nov 2026 09:00:00 GMT", NOW)).isEqualTo(Duration.ZERO);
		assertThat(RetryPolicy.parseRetryAfter("soon", NOW)).isNull();
		assertThat(RetryPolicy.parseRetryAfter(null, NOW)).isNull();
	}

	@Test
	void backoffIsFullJitterUnderAnExponentialCeiling() {
		for (int failures = 1; failures <= 12; failures++) {
			long ceiling = Math.min(30_000, 500L << (failures - 1));
			for (int i = 0; i < 200; i++) {
				assertThat(this.policy.backoff(failures, null, NOW).toMillis()).isBetween(0L, ceiling);
			}
		}
	}

	@Test
	void retryAfterIsHonouredAndCapped() {
		assertThat(this.policy.backoff(1, "20", NOW)).isGreaterThanOrEqualTo(Duration.ofSeconds(20));
		assertThat(this.policy.backoff(1, "86400", NOW)).isEqualTo(Duration.ofMinutes(5));
	}

	@ParameterizedTest
	@ValueSource(strings = { "10000000000000000", "9223372036854775807", "99999999999999999999999999",
			"Fri, 31 Dec 9999 23:59:59 GMT" })
	void anAbsurdRetryAfterIsCappedNeverAnError(String header) {
		// Beyond about 9.2e15 seconds Duration.toMillis() overflows: the cap must come first.
		for (int failures = 1; failures <= 40; failures++) {
			assertThat(this.policy.backoff(failures, header, NOW)).isEqualTo(Duration.ofMinutes(5));
		}
		assertThat(this.policy.retryAfter(header, NOW)).isEqualTo(Duration.ofMinutes(5));
	}

	@Test
	void retryAfterBelowTheCapIsKeptAndGarbageIsIgnored() {
		assertThat(this.policy.retryAfter("7", NOW)).isEqualTo(Duration.ofSeconds(7));
		assertThat(this.policy.retryAfter("-5", NOW)).isNull();
		assertThat(this.policy.retryAfter("1.5", NOW)).isNull();
		assertThat(this.policy.backoff(1, "garbage", NOW)).isBetween(Duration.ZERO, Duration.ofMillis(500));
	}

	@ParameterizedTest
	@ValueSource(ints = { 408, 425, 429, 500, 502, 503, 504 })
	void retryableStatuses(int status) {
		assertThat(this.policy.isRetryable(response(status))).isTrue();
	}

	@ParameterizedTest
	@ValueSource(ints = { 400, 401, 403, 404, 413, 422, 501, 505 })
	void finalStatuses(int status) {
		assertThat(this.policy.isRetryable(response(status))).isFalse();
	}

	@Test
	void failureReasons() {
		assertThat(this.policy.failureReason(response(429))).isEqualTo(PushReason.HTTP_429);
		assertThat(this.policy.failureReason(response(413))).isEqualTo(PushReason.PAYLOAD_TOO_LARGE);
		assertThat(this.policy.failureReason(response(404))).isEqualTo(PushReason.HTTP_4XX);
		assertThat(this.policy.failureReason(response(503))).isEqualTo(PushReason.HTTP_5XX);
		HttpResult timeout = new HttpResult(0, HttpResult.TransportFailure.TIMEOUT, "ReadTimeoutException", "", null,
				new byte[0], Duration.ZERO);
		assertThat(this.policy.isRetryable(timeout)).isTrue();
		assertThat(this.policy.failureReason(timeout)).isEqualTo(PushReason.TIMEOUT);
	}

	@Test
	void aRequestIsRetriedForItsTimeBudgetHoweverManyAttemptsThatTakes() {
		// A 429 with Retry-After: 1 every second for 14 minutes 59 seconds: 899 attempts, still within budget.
		assertThat(this.policy.givesUp(899, Duration.ofSeconds(899))).isFalse();
		assertThat(this.policy.givesUp(1_000_000, Duration.ofMinutes(15).minusMillis(1))).isFalse();
		assertThat(this.policy.givesUp(1, Duration.ofMinutes(15))).isTrue();
		assertThat(this.policy.givesUp(2, Duration.ofHours(1))).isTrue();
	}

	@Test
	void maxAttemptsIsAnOptionalExtraBound() {
		RetryPolicy limited = new RetryPolicy(Duration.ofMinutes(15), 3, Duration.ofMillis(500), Duration.ofSeconds(30),
				Duration.ofMinutes(5));
		assertThat(limited.givesUp(2, Duration.ofSeconds(1))).isFalse();
		assertThat(limited.givesUp(3, Duration.ofSeconds(1))).isTrue();
		assertThat(limited.givesUp(1, Duration.ofMinutes(15))).isTrue();
	}

	@Test
	void retryAfterIsObeyedEvenWhenItIsLongerThanTheBackoffCeiling() {
		// The ceiling after a first failure is 500 ms; VWO asked for 40 s, and that is what is waited.
		for (int i = 0; i < 100; i++) {
			assertThat(this.policy.backoff(1, "40", NOW)).isEqualTo(Duration.ofSeconds(40));
		}
	}

	private static HttpResult response(int status) {
		return new HttpResult(status, null, null, "", null, new byte[0], Duration.ZERO);
	}

}
