package io.github.vwopush.internal.delivery;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.List;
import java.util.Random;
import java.util.Set;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.ConnectionCountingProxy;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.VwoWireMock.ReceivedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * accepted = delivered + failed + dropped + pending, whatever VWO does; the queue stays
 * bounded; restarts leave nothing behind.
 */
class AccountingTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final List<ResponseDefinitionBuilder> BEHAVIOURS = List.of(aResponse().withStatus(200),
			aResponse().withStatus(503), aResponse().withStatus(500), aResponse().withStatus(400),
			aResponse().withStatus(429).withHeader("Retry-After", "0"),
			aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), aResponse().withStatus(200).withFixedDelay(400));

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@ParameterizedTest(name = "seed {0}")
	@ValueSource(longs = { 1, 2, 3 })
	void accountingHoldsAfterARandomizedFaultSchedule(long seed) {
		Random random = new Random(seed);
		VwoWireMock.runner(vwo, "vwo.batch.max-events=7", "vwo.http.response-timeout=200ms",
				"vwo.retry.max-attempts=3", "vwo.retry.initial-backoff=5ms", "vwo.retry.max-backoff=20ms",
				"vwo.queue.capacity=150")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				Map<String, CompletableFuture<PushResult>> outcomes = new HashMap<>();
				int rejected = 0;
				for (int phase = 0; phase < 12; phase++) {
					vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
						.willReturn(BEHAVIOURS.get(random.nextInt(BEHAVIOURS.size()))));
					int pushes = random.nextInt(80);
					for (int i = 0; i < pushes; i++) {
						String key = "s" + seed + "-p" + phase + "-" + i;
						boolean invalid = random.nextInt(10) == 0;
						outcomes.put(key, service.pushAsync(key, invalid ? "" : "v", "user-" + random.nextInt(20)));
						rejected += invalid ? 1 : 0;
					}
					// Every few phases, let everything settle and check the equation exactly mid-run;
					// in between, the next phase starts while batches are still in flight or backing off.
					if (phase % 3 == 2) {
						assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
						assertExactAccounting(service);
					}
				}
				vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
				assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
				assertExactAccounting(service);
				PushCounters counters = service.counters();
				assertThat(counters.count(PushOutcome.REJECTED)).isEqualTo(rejected);
				Set<String> atVwo = new HashSet<>();
				for (ReceivedEvent event : VwoWireMock.acceptedEvents(vwo)) {
					atVwo.add(event.key());
				}
				Map<PushReason, Long> fromFutures = new java.util.EnumMap<>(PushReason.class);
				for (Map.Entry<String, CompletableFuture<PushResult>> entry : outcomes.entrySet()) {
					PushReason reason = entry.getValue().get(1, TimeUnit.SECONDS).single().reason();
					fromFutures.merge(reason, 1L, Long::sum);
					if (reason == PushReason.DELIVERED) {
						assertThat(atVwo).as("delivered %s", entry.getKey()).contains(entry.getKey());
					}
					else if (atVwo.contains(entry.getKey())) {
						// Only a timed-out attempt is ambiguous (VWO answered 200 after the client gave up); the
						// attempts that followed may have failed in any way, but it is a failure, never a drop.
						assertThat(reason.outcome()).as("outcome of %s, which VWO has", entry.getKey())
							.isEqualTo(PushOutcome.FAILED);
					}
				}
				// Each dimension counted exactly once: the futures' outcomes are the counters, reason by reason.
				assertThat(fromFutures).isEqualTo(counters.byReason());
			});
	}

	/** At quiescence: accepted = delivered + failed + dropped, nothing pending, each counted once. */
	private static void assertExactAccounting(DefaultVwoPushService service) {
		PushCounters counters = service.counters();
		assertThat(service.pending()).isZero();
		assertThat(counters.count(PushOutcome.DELIVERED) + counters.count(PushOutcome.FAILED)
				+ counters.count(PushOutcome.DROPPED)).isEqualTo(counters.accepted());
	}

	@Test
	void fullQueueDropsAndCountsWhileVwoIsDownAndHoldsNothingItDropped() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
		VwoWireMock.runner(vwo, "vwo.queue.capacity=10000", "vwo.retry.initial-backoff=1s",
				"vwo.retry.max-backoff=1s", "vwo.shutdown.timeout=0s")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				List<WeakReference<String>> values = new ArrayList<>(100_000);
				int accepted = 0;
				for (int i = 0; i < 100_000; i++) {
					String value = "value-" + i;
					values.add(new WeakReference<>(value));
					if (service.push("key-" + (i % 50), value, "user-" + (i % 1000))) {
						accepted++;
					}
				}
				// Nothing reaches a final outcome while VWO answers 503, so exactly the capacity is held.
				assertThat(accepted).isEqualTo(10_000);
				assertThat(service.pending()).isEqualTo(10_000);
				assertThat(service.counters().count(PushReason.QUEUE_FULL)).isEqualTo(100_000 - accepted);
				// What the engine keeps reachable: the values of the 10,000 it holds, none of the 90,000 it dropped.
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					System.gc();
					return reachable(values) == 10_000;
				});
			});
	}

	static int reachable(List<? extends WeakReference<?>> references) {
		int reachable = 0;
		for (WeakReference<?> reference : references) {
			if (reference.get() != null) {
				reachable++;
			}
		}
		return reachable;
	}

	@Test
	void byteLimitBoundsTheQueueToo() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
		VwoWireMock.runner(vwo, "vwo.queue.max-size=64KB", "vwo.shutdown.timeout=0s")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				String value = "v".repeat(255);
				int accepted = 0;
				for (int i = 0; i < 1000; i++) {
					accepted += service.push("k", value, "u") ? 1 : 0;
				}
				// Each push is estimated at 96 + 48 per key + 2 per character (user, key, value): 658 bytes, and
				// nothing becomes final while VWO answers 503, so exactly 64 KB / 658 pushes fit.
				long perPush = 96 + 48 + 2 * (1 + 1 + 255);
				assertThat(accepted).isEqualTo((int) (64 * 1024 / perPush));
				assertThat(service.queueBytes()).isLessThanOrEqualTo(64 * 1024);
				assertThat(service.counters().count(PushReason.QUEUE_FULL)).isEqualTo(1000 - accepted);
			});
	}

	@Test
	void fiftyContextRestartsLeaveNoThreadAndNoConnection() throws Exception {
		try (ConnectionCountingProxy proxy = new ConnectionCountingProxy(vwo.getPort())) {
			for (int i = 0; i < 50; i++) {
				VwoWireMock.runner(vwo, "vwo.base-url=" + proxy.baseUrl()).run((context) -> {
					VwoPushService service = context.getBean(VwoPushService.class);
					service.pushAsync("plan", "gold", "u").thenRun(() -> {
					}).get(5, TimeUnit.SECONDS);
					assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
				});
			}
			assertThat(VwoWireMock.pushRequests(vwo)).hasSize(50);
			assertThat(proxy.acceptedConnections()).isGreaterThanOrEqualTo(50);
			// Closing the context closes the pool: the sockets are closed by the time it has returned,
			// the threads end once their event loop has shut down.
			await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
				assertThat(proxy.openConnections()).as("client connections still open").isZero();
				assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
					.noneMatch((name) -> name.startsWith("vwo-"));
			});
		}
	}

}
