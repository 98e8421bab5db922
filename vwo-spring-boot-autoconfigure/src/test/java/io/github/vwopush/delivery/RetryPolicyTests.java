package io.github.vwopush.delivery;

import java.time.Duration;
import java.time.Instant;

import io.github.vwopush.PushReason;
import io.github.vwopush.http.HttpResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class RetryPolicyTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	private final RetryPolicy policy = new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30),
			Duration.ofMinutes(5));

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

	private static HttpResult response(int status) {
		return new HttpResult(status, null, null, "", null, new byte[0], Duration.ZERO);
	}

}
