package io.github.vwopush.internal.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.InFlightRecorder;
import io.github.vwopush.InFlightRecorder.Arrival;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.VwoWireMock.ReceivedEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Several requests in flight while VWO answers after a round trip: the window grows to its
 * maximum and no further, falls back to one probe per backoff period while VWO fails, never
 * lets two requests in flight carry the same user key, and splits a 413 with others in
 * flight. What is in flight is counted by the collector ({@link InFlightRecorder}).
 */
class InFlightWindowTests {

	private static final String BATCH = "/server-side/batch-events";

	private static final InFlightRecorder recorder = new InFlightRecorder();

	@RegisterExtension
	static WireMockExtension vwo = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().containerThreads(64).extensions(recorder))
		.build();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
		recorder.delay(0);
		recorder.reset();
	}

	@ParameterizedTest
	@ValueSource(ints = { 1, 4, 8 })
	void theWindowGrowsToItsMaximumAndNoFurther(int maxInFlight) {
		recorder.delay(50);
		VwoWireMock.runner(vwo, "vwo.http.max-in-flight=" + maxInFlight, "vwo.batch.max-events=10")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				for (int i = 0; i < 400; i++) {
					assertThat(service.push("plan", "gold", "user-" + i)).isTrue();
				}
				assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
				assertThat(recorder.maxInFlight()).isEqualTo(maxInFlight);
				assertThat(recorder.arrivals()).hasSize(40);
				assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 400L));
				assertThat(new HashSet<>(VwoWireMock.acceptedEvents(vwo))).hasSize(400);
			});
	}

	@Test
	void anOutageCostsOneProbePerBackoffPeriodAfterTheRequestsInFlightAndTheWindowOpensAgainAfter() {
		recorder.delay(50);
		VwoWireMock.runner(vwo, "vwo.http.max-in-flight=8", "vwo.batch.max-events=10").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			for (int i = 0; i < 3000; i++) {
				assertThat(service.push("plan", "gold", "user-" + i)).isTrue();
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> recorder.maxInFlight() == 8);
			vwo.stubFor(post(urlPathEqualTo(BATCH)).atPriority(1)
				.willReturn(aResponse().withStatus(503).withHeader("Retry-After", "1")));
			await().atMost(Duration.ofSeconds(15)).until(() -> failures(recorder.arrivals()).size() >= 12);
			List<Arrival> failed = failures(recorder.arrivals());
			// The first wave: what the sender had sent before it heard of the first failure, at most the window.
			long firstFailure = failed.get(0).atNanos();
			List<Arrival> firstWave = failed.stream()
				.filter((arrival) -> arrival.atNanos() - firstFailure < TimeUnit.MILLISECONDS.toNanos(900))
				.toList();
			assertThat(firstWave).hasSizeLessThanOrEqualTo(8);
			// Then one probe at a time, each at least the Retry-After second after the one before.
			List<Arrival> probes = failed.subList(firstWave.size(), failed.size());
			assertThat(probes).hasSizeGreaterThanOrEqualTo(4);
			long previous = firstWave.get(firstWave.size() - 1).atNanos();
			for (Arrival probe : probes) {
				assertThat(Duration.ofNanos(probe.atNanos() - previous)).as("time since the previous attempt")
					.isGreaterThanOrEqualTo(Duration.ofSeconds(1));
				previous = probe.atNanos();
			}
			recorder.reset();
			vwoRecovers();
			assertThat(service.flush(Duration.ofSeconds(60))).isTrue();
			// Everything was delivered once; VWO accepted nothing while it answered 503.
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 3000L));
			List<ReceivedEvent> accepted = VwoWireMock.acceptedEvents(vwo);
			assertThat(accepted).hasSize(3000);
			assertThat(new HashSet<>(accepted)).hasSize(3000);
			// Once VWO answers again the window opens up to its maximum again.
			assertThat(recorder.maxInFlight()).isEqualTo(8);
		});
	}

	/** Remove the failing stub (priority 1) laid over the healthy ones. */
	private static void vwoRecovers() {
		vwo.removeStub(vwo.getStubMappings()
			.stream()
			.filter((stub) -> stub.getPriority() != null && stub.getPriority() == 1)
			.findFirst()
			.orElseThrow());
	}

	private static List<Arrival> failures(List<Arrival> arrivals) {
		return arrivals.stream().filter((arrival) -> arrival.status() == 503).toList();
	}

	@Test
	void aLaterValueOfAUserKeyNeverOvertakesAnEarlierOne() throws Exception {
		// Answers come back in any order: only the sender can keep a user key's values in order.
		recorder.delay(0, 40);
		VwoWireMock.runner(vwo, "vwo.http.max-in-flight=8", "vwo.batch.max-events=7").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			List<CompletableFuture<Void>> producers = new ArrayList<>();
			for (int producer = 0; producer < 4; producer++) {
				int first = producer * 5;
				producers.add(CompletableFuture.runAsync(() -> {
					for (int value = 0; value < 100; value++) {
						for (int user = first; user < first + 5; user++) {
							service.push("plan", Integer.toString(value), "user-" + user);
							service.push("visit", value + "-" + user, "user-" + user);
						}
					}
				}));
			}
			CompletableFuture.allOf(producers.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
			assertThat(service.flush(Duration.ofSeconds(60))).isTrue();
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 4000L));
			assertThat(recorder.maxInFlight()).as("several requests in flight at once").isGreaterThan(1);
			assertThat(recorder.overlaps()).as("requests in flight at once carrying the same user key").isZero();
			Map<String, List<Integer>> plans = new HashMap<>();
			for (Arrival arrival : recorder.arrivals()) {
				for (ReceivedEvent event : arrival.events()) {
					if (event.key().equals("plan")) {
						plans.computeIfAbsent(event.visitor(), (visitor) -> new ArrayList<>())
							.add(Integer.parseInt(event.value()));
					}
				}
			}
			assertThat(plans).hasSize(20);
			List<Integer> inOrder = java.util.stream.IntStream.range(0, 100).boxed().toList();
			plans.forEach((visitor, values) -> assertThat(values).as("plan values of %s as VWO received them", visitor)
				.isEqualTo(inOrder));
		});
	}

	@Test
	void a413IsSplitWhileOtherRequestsAreInFlight() throws Exception {
		recorder.delay(30);
		vwo.stubFor(post(urlPathEqualTo(BATCH)).atPriority(1)
			.withRequestBody(containing("HUGE"))
			.willReturn(aResponse().withStatus(413)));
		VwoWireMock.runner(vwo, "vwo.http.max-in-flight=8", "vwo.batch.max-events=16").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			for (int i = 0; i < 1000; i++) {
				service.push("plan", "gold", "user-" + i);
			}
			CompletableFuture<PushResult> huge = service.pushAsync(Map.of("big", "HUGE", "small", "ok"), "user-x");
			for (int i = 1000; i < 2000; i++) {
				service.push("plan", "gold", "user-" + i);
			}
			assertThat(service.flush(Duration.ofSeconds(60))).isTrue();
			PushResult result = huge.get(1, TimeUnit.SECONDS);
			assertThat(result.get("big").reason()).isEqualTo(PushReason.PAYLOAD_TOO_LARGE);
			assertThat(result.get("small").isDelivered()).isTrue();
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 2001L),
					Map.entry(PushReason.PAYLOAD_TOO_LARGE, 1L));
			List<ReceivedEvent> accepted = VwoWireMock.acceptedEvents(vwo);
			assertThat(accepted).hasSize(2001);
			Set<ReceivedEvent> distinct = new HashSet<>(accepted);
			assertThat(distinct).hasSize(2001);
			assertThat(recorder.maxInFlight()).isEqualTo(8);
		});
	}

	@Test
	void withTheSpoolWhatIsInFlightAtShutdownStaysOnDiskAndTheNextStartDeliversIt(@TempDir Path spool) {
		recorder.delay(300);
		String[] properties = { "vwo.spool.enabled=true", "vwo.spool.directory=" + spool, "vwo.http.max-in-flight=8",
				"vwo.batch.max-events=10", "vwo.shutdown.timeout=200ms" };
		AtomicReference<DefaultVwoPushService> first = new AtomicReference<>();
		VwoWireMock.runner(vwo, properties).run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			first.set(service);
			for (int i = 0; i < 2000; i++) {
				assertThat(service.push("k" + i, "v", "user-" + (i % 50))).isTrue();
			}
			await().atMost(Duration.ofSeconds(20)).until(() -> recorder.maxInFlight() == 8);
		});
		// Closed with eight requests in flight and most still queued: each dimension delivered or kept.
		Map<PushReason, Long> firstRun = first.get().counters().byReason();
		assertThat(firstRun).containsOnlyKeys(PushReason.DELIVERED, PushReason.SPOOLED);
		assertThat(firstRun.get(PushReason.DELIVERED) + firstRun.get(PushReason.SPOOLED)).isEqualTo(2000);
		recorder.delay(0);
		VwoWireMock.runner(vwo, properties).run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
			assertThat(service.counters().recovered()).isEqualTo(firstRun.get(PushReason.SPOOLED));
			assertThat(service.counters().byReason())
				.containsOnly(Map.entry(PushReason.DELIVERED, firstRun.get(PushReason.SPOOLED)));
		});
		// A request cancelled at the deadline may have reached VWO too: at least once, never lost.
		Set<String> keys = new HashSet<>();
		VwoWireMock.acceptedEvents(vwo).forEach((event) -> keys.add(event.key()));
		assertThat(keys).hasSize(2000);
	}

	@Test
	void aRetryAfterIsKeptWhileRequestsSentBeforeItStillSucceed() {
		recorder.delay(100);
		vwo.stubFor(post(urlPathEqualTo(BATCH)).atPriority(1)
			.withRequestBody(containing("RATE"))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "2")));
		VwoWireMock.runner(vwo, "vwo.http.max-in-flight=8", "vwo.batch.max-events=10").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			for (int i = 0; i < 1000; i++) {
				service.push("plan", (i == 300) ? "RATE" : "gold", "user-" + i);
			}
			await().atMost(Duration.ofSeconds(20))
				.until(() -> recorder.arrivals().stream().anyMatch((arrival) -> arrival.status() == 429));
			long limited = recorder.arrivals().stream().filter((arrival) -> arrival.status() == 429).findFirst()
				.orElseThrow().atNanos();
			vwoRecovers();
			assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
			// What was sent before the 429 was heard of may arrive just after it; then nothing until VWO's 2 s are up,
			// however many of those earlier requests succeed in the meantime.
			long heardOf = limited + TimeUnit.MILLISECONDS.toNanos(100 + 50);
			List<Duration> tooEarly = recorder.arrivals()
				.stream()
				.filter((arrival) -> arrival.atNanos() > heardOf)
				.map((arrival) -> Duration.ofNanos(arrival.atNanos() - limited))
				.filter((after) -> after.compareTo(Duration.ofMillis(100 + 2000)) < 0)
				.toList();
			assertThat(tooEarly).as("requests that arrived within VWO's Retry-After").isEmpty();
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 1000L));
		});
	}

	@Test
	void aPushWhoseLastPartWasDeliveredIsReplayedWholeAndNeverOverwritesANewerValue(@TempDir Path spool) {
		recorder.delay(20);
		String[] properties = { "vwo.spool.enabled=true", "vwo.spool.directory=" + spool, "vwo.http.max-in-flight=8",
				"vwo.batch.max-events=10", "vwo.shutdown.timeout=300ms" };
		VwoWireMock.runner(vwo, properties).run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			// Open the window first.
			for (int i = 0; i < 200; i++) {
				service.push("warm", "up", "user-" + i);
			}
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			// VWO takes far longer than shutdown's deadline to answer the request with the first part.
			vwo.stubFor(post(urlPathEqualTo(BATCH)).atPriority(1)
				.withRequestBody(containing("SLOW"))
				.willReturn(aResponse().withStatus(200).withFixedDelay(5_000)));
			for (int i = 0; i < 9; i++) {
				service.push("other", "v", "user-" + i);
			}
			// Its first key goes with the nine above; its other two go in the next request and are delivered.
			Map<String, String> split = new java.util.LinkedHashMap<>();
			split.put("first", "SLOW");
			split.put("second", "2");
			split.put("third", "3");
			service.push(split, "user-split");
			await().atMost(Duration.ofSeconds(10))
				.until(() -> VwoWireMock.acceptedEvents(vwo).stream().anyMatch((event) -> event.key().equals("third")));
			// A newer value of a key the push already delivered: it waits until the whole push is final.
			service.push("third", "3-newer", "user-split");
		});
		vwoRecovers();
		VwoWireMock.runner(vwo, properties).run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::value).contains("SLOW");
		});
		// The whole push was replayed, "3" a second time: never after "3-newer", which VWO must keep.
		List<String> third = recorder.arrivals()
			.stream()
			.filter((arrival) -> arrival.status() / 100 == 2)
			.flatMap((arrival) -> arrival.events().stream())
			.filter((event) -> event.key().equals("third"))
			.map(ReceivedEvent::value)
			.toList();
		assertThat(third).as("values of third in arrival order").startsWith("3").endsWith("3-newer").containsOnlyOnce("3-newer");
	}

	@Test
	void withTheSpoolAUserKeysValuesReachVwoInOrderThoughOlderOnesWereParked(@TempDir Path spool) {
		vwo.stubFor(post(urlPathEqualTo(BATCH)).atPriority(1).willReturn(aResponse().withStatus(503)));
		VwoWireMock
			.runner(vwo, "vwo.spool.enabled=true", "vwo.spool.directory=" + spool, "vwo.queue.capacity=100",
					"vwo.batch.max-events=20", "vwo.retry.max-backoff=100ms")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				for (int value = 0; value < 300; value++) {
					assertThat(service.push("plan", Integer.toString(value), "hot")).isTrue();
					if (value % 40 == 39) {
						// Room is made by parking the newest on disk.
						await().atMost(Duration.ofSeconds(5)).until(() -> service.pending() <= 50);
					}
				}
				recorder.delay(20);
				vwoRecovers();
				// Newer values arrive while older ones are still on disk.
				for (int value = 300; value < 400; value++) {
					assertThat(service.push("plan", Integer.toString(value), "hot")).isTrue();
					if (value % 20 == 19) {
						int sent = recorder.arrivals().size();
						await().atMost(Duration.ofSeconds(5)).until(() -> recorder.arrivals().size() > sent);
					}
				}
				assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
				assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 400L));
				List<Integer> received = new ArrayList<>();
				for (Arrival arrival : recorder.arrivals()) {
					if (arrival.status() == 200) {
						arrival.events().forEach((event) -> received.add(Integer.parseInt(event.value())));
					}
				}
				assertThat(received).isEqualTo(java.util.stream.IntStream.range(0, 400).boxed().toList());
			});
	}

	@Test
	void whenTheBudgetRunsOutTheRetriesWaitingBehindTheProbeFailWithIt() {
		recorder.delay(50);
		VwoWireMock
			.runner(vwo, "vwo.http.max-in-flight=8", "vwo.batch.max-events=10", "vwo.retry.max-elapsed=2s",
					"vwo.retry.initial-backoff=2s", "vwo.retry.max-backoff=2s")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				// Open the window.
				for (int i = 0; i < 200; i++) {
					service.push("warm", "up", "user-" + i);
				}
				assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
				vwo.stubFor(post(urlPathEqualTo(BATCH)).atPriority(1).willReturn(aResponse().withStatus(503)));
				long start = System.nanoTime();
				// Eight full batches: eight requests in flight when they fail, seven of them then wait behind the probe.
				for (int i = 0; i < 80; i++) {
					service.push("plan", "gold", "user-" + i);
				}
				assertThat(service.flush(Duration.ofSeconds(30))).isTrue();
				Duration took = Duration.ofNanos(System.nanoTime() - start);
				assertThat(service.counters().count(PushReason.HTTP_5XX)).isEqualTo(80);
				// The budget (2 s) plus at most one backoff (2 s), not one backoff per waiting request.
				assertThat(took).isLessThan(Duration.ofSeconds(5));
			});
	}

}
