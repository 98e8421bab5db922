package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.VwoWireMock.ReceivedEvent;
import io.github.vwopush.RunningBootLine;
import io.github.vwopush.health.VwoHealthReport;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;


import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * An outage is ridden out on the retry time budget: connection resets, then 503s, then
 * 429s with {@code Retry-After: 1} lose nothing on the default budget and attempt limit,
 * and a collector that never recovers fails each dimension once, when the budget is spent.
 */
class OutageBudgetTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final String BATCH = "/server-side/batch-events";

	private static final int DIMENSIONS = 10_000;

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	private static void answer(ResponseDefinitionBuilder response) {
		vwo.stubFor(post(urlPathEqualTo(BATCH)).willReturn(response));
	}

	@Test
	void resetsThen503sThen429sWithRetryAfterLoseNothingOnTheDefaultBudget() throws Exception {
		// The 25-second outage, compressed to 8 s: resets, then 503, then 429 with Retry-After: 1.
		// Backoff is capped at 1 s to keep the test short; with a limit of 8 attempts (the old default)
		// this loses the batch at the head of the line every time.
		for (int run = 1; run <= 3; run++) {
			VwoWireMock.healthy(vwo);
			ScheduledExecutorService phases = Executors.newSingleThreadScheduledExecutor();
			answer(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
			phases.schedule(() -> answer(aResponse().withStatus(503)), 1500, TimeUnit.MILLISECONDS);
			phases.schedule(() -> answer(aResponse().withStatus(429).withHeader("Retry-After", "1")), 5000,
					TimeUnit.MILLISECONDS);
			phases.schedule(() -> answer(aResponse().withStatus(200)), 8000, TimeUnit.MILLISECONDS);
			int thisRun = run;
			try {
				VwoWireMock.runner(vwo, "vwo.retry.max-backoff=1s", "vwo.retry.initial-backoff=100ms",
						"vwo.batch.linger=1s")
					.run((context) -> {
						DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
						for (int i = 0; i < DIMENSIONS; i++) {
							assertThat(service.push("k" + i, "v", "user-" + (i % 500))).isTrue();
						}
						// Health shows the outage for as long as it lasts, and how long the head of the line waited.
						await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
							VwoHealthReport health = RunningBootLine.health(service);
							assertThat(health.status()).isEqualTo(VwoHealthReport.DEGRADED);
							assertThat(Duration.parse((String) health.details().get("oldestPendingAge")))
								.isGreaterThan(Duration.ofSeconds(1));
						});
						assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
						PushCounters counters = service.counters();
						assertThat(counters.byReason()).as("run %d", thisRun)
							.containsOnly(Map.entry(PushReason.DELIVERED, (long) DIMENSIONS));
						Set<String> delivered = new HashSet<>();
						for (ReceivedEvent event : VwoWireMock.acceptedEvents(vwo)) {
							delivered.add(event.key());
						}
						assertThat(delivered).hasSize(DIMENSIONS);
						assertThat(RunningBootLine.health(service).details())
							.doesNotContainKey("oldestPendingAge");
					});
			}
			finally {
				phases.shutdownNow();
			}
		}
	}

	@Test
	void aCollectorThatNeverRecoversFailsEachDimensionOnceWhenTheBudgetIsSpent() throws Exception {
		answer(aResponse().withStatus(503));
		VwoWireMock.runner(vwo, "vwo.retry.max-elapsed=2s").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			PushResult result = service.pushAsync(Map.of("a", "1", "b", "2", "c", "3"), "u")
				.get(20, TimeUnit.SECONDS);
			assertThat(result.dimensions()).extracting(DimensionResult::reason).containsOnly(PushReason.HTTP_5XX);
			assertThat(result.dimensions().get(0).message()).contains("vwo.retry.max-elapsed=PT2S")
				.contains("HTTP 503");
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.HTTP_5XX, 3L));
			List<LoggedRequest> requests = VwoWireMock.pushRequests(vwo);
			long triedFor = requests.get(requests.size() - 1).getLoggedDate().getTime()
					- requests.get(0).getLoggedDate().getTime();
			// Time ended it, not a count: far more attempts than the old default of 8, over about 2 s.
			assertThat(requests.size()).isGreaterThan(8);
			assertThat(triedFor).isBetween(1500L, 3000L);
			assertThat(service.pending()).isZero();
		});
	}

}
