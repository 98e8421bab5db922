package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.VwoWireMock.ReceivedEvent;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.delivery.PushCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The spool through the public API: outages, restarts, a memory window smaller than the
 * backlog, a full spool, and a child JVM killed with SIGKILL. Every wait is for a
 * condition (requests VWO received, the service's counters, the spool's files), never for
 * a length of time.
 */
class SpoolCrashTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@TempDir
	Path spoolDirectory;

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	private ApplicationContextRunner runner(String... properties) {
		return VwoWireMock.runner(vwo, "vwo.spool.enabled=true", "vwo.spool.directory=" + this.spoolDirectory,
				"vwo.spool.sync-interval=20ms", "vwo.retry.max-attempts=2", "vwo.retry.max-elapsed=100ms")
			.withPropertyValues(properties);
	}

	private static void vwoDown() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
	}

	private static void vwoUp() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
	}

	private static String[] keys(String prefix, int count) {
		return IntStream.range(0, count).mapToObj((i) -> prefix + i).toArray(String[]::new);
	}

	@Test
	void anOutageLongerThanTheRetryBudgetLosesNothing() {
		vwoDown();
		runner().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			List<CompletableFuture<PushResult>> results = new ArrayList<>();
			for (int i = 0; i < 50; i++) {
				results.add(service.pushAsync("k" + i, "v", "u" + i));
			}
			// More requests than vwo.retry.max-attempts (2), over more than max-elapsed (100ms): without the spool
			// they would have failed.
			await().atMost(TIMEOUT).until(() -> VwoWireMock.pushRequests(vwo).size() > 2);
			assertThat(results).noneMatch(CompletableFuture::isDone);
			vwoUp();
			for (CompletableFuture<PushResult> result : results) {
				assertThat(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).isDelivered()).isTrue();
			}
			assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::key)
				.containsExactlyInAnyOrder(keys("k", 50));
		});
	}

	@Test
	void whatShutdownCannotDeliverIsDeliveredByTheNextStart() throws Exception {
		vwoDown();
		List<CompletableFuture<PushResult>> results = new ArrayList<>();
		runner("vwo.shutdown.timeout=300ms").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			for (int i = 0; i < 20; i++) {
				results.add(service.pushAsync("k" + i, "v" + i, "user-" + i));
			}
			await().atMost(TIMEOUT).until(() -> !VwoWireMock.pushRequests(vwo).isEmpty());
		});
		for (CompletableFuture<PushResult> result : results) {
			assertThat(result.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).single().reason())
				.isEqualTo(PushReason.SPOOLED);
		}
		vwoUp();
		runner().run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(20));
			assertThat(service.counters().recovered()).isEqualTo(20);
			assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::key)
				.containsExactlyInAnyOrder(keys("k", 20));
		});
		runner().run((context) -> assertThat(context.getBean(DefaultVwoPushService.class).counters().recovered())
			.as("acknowledged records are not replayed again")
			.isZero());
	}

	@Test
	void typedValuesSpooledAtShutdownKeepTheirTypeAtTheNextStart() throws Exception {
		vwo.stubFor(post(urlPathEqualTo("/events/t")).willReturn(aResponse().withStatus(503)));
		Map<String, Object> typed = new LinkedHashMap<>();
		typed.put("plan", "gold");
		typed.put("seats", 3);
		typed.put("price", new BigDecimal("49.90"));
		typed.put("paid", true);
		List<CompletableFuture<PushResult>> results = new ArrayList<>();
		// No retry before the context is closed: a retry sent in the last moment before the shutdown deadline would
		// reach WireMock after the next start began, as a second request there.
		runner("vwo.transport=event-arch", "vwo.shutdown.timeout=300ms", "vwo.retry.initial-backoff=30s",
				"vwo.retry.max-backoff=30s")
			.run((context) -> {
				results.add(context.getBean(VwoPushService.class).pushAsync(typed, "Ashley"));
				await().atMost(TIMEOUT).until(() -> !VwoWireMock.pushRequests(vwo).isEmpty());
			});
		assertThat(results.get(0).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).dimensions())
			.allSatisfy((result) -> assertThat(result.reason()).isEqualTo(PushReason.SPOOLED));
		VwoWireMock.healthy(vwo);
		runner("vwo.transport=event-arch").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(4));
			assertThat(service.counters().recovered()).isEqualTo(4);
			assertThat(VwoWireMock.pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(request.getBodyAsString()).endsWith("\"vwo_fs_environment\":\""
						+ VwoWireMock.SDK_KEY + "\",\"plan\":\"gold\",\"seats\":3,\"price\":49.90,\"paid\":true}}}}"));
		});
	}

	@Test
	void aBacklogBeyondTheMemoryWindowIsParkedOnDiskAndReadBack() {
		int capacity = 200;
		int chunk = 50;
		int pushes = 2000;
		vwoDown();
		runner("vwo.queue.capacity=" + capacity, "vwo.batch.max-events=20").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			for (int i = 0; i < pushes; i++) {
				if (i % chunk == 0) {
					// The queue holds 200 at most: push a chunk once the sender has parked enough on disk.
					await().atMost(TIMEOUT).until(() -> service.pending() <= capacity - chunk);
				}
				assertThat(service.push("k" + i, "v", "u" + (i % 10))).as("push %d accepted", i).isTrue();
			}
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(service.queueSize()).isZero();
				assertThat(service.pending() + service.spooledDimensions()).isEqualTo(pushes);
			});
			assertThat(service.pending()).isLessThanOrEqualTo(capacity);
			assertThat(service.counters().byReason()).as("nothing final while VWO is down").isEmpty();
			vwoUp();
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(pushes));
			assertThat(service.spooledDimensions()).isZero();
			assertThat(service.pending()).isZero();
			assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::key)
				.containsExactlyInAnyOrder(keys("k", pushes));
		});
	}

	@Test
	void aFullSpoolDropsExactlyWhatDoesNotFitAndTheNextStartDeliversTheRest() {
		long maxBytes = 1024 * 1024;
		int pushes = 6000;
		String value = "v".repeat(255);
		// What the spool admits, in push order: a record and room for its 4-byte ack must fit in max-size.
		long spooledBytes = 0;
		List<String> spooledKeys = new ArrayList<>();
		for (int i = 0; i < pushes; i++) {
			long bytes = recordBytes("user", "k" + i, value);
			if (spooledBytes + bytes + 4 <= maxBytes) {
				spooledBytes += bytes;
				spooledKeys.add("k" + i);
			}
		}
		long spooled = spooledKeys.size();
		long full = pushes - spooled;
		assertThat(full).as("the test pushes more than fits").isPositive();
		long expectedBytes = spooledBytes;
		vwoDown();
		AtomicReference<PushCounters> counters = new AtomicReference<>();
		runner("vwo.spool.max-size=1MB", "vwo.shutdown.timeout=0s").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			counters.set(service.counters());
			for (int i = 0; i < pushes; i++) {
				assertThat(service.push("k" + i, value, "user")).as("push %d accepted", i).isTrue();
			}
			await().atMost(TIMEOUT).untilAsserted(() -> {
				assertThat(service.counters().count(PushReason.SPOOL_FULL)).isEqualTo(full);
				assertThat(service.spoolBytes()).isEqualTo(expectedBytes);
			});
		});
		await().atMost(TIMEOUT)
			.untilAsserted(() -> assertThat(counters.get().byReason())
				.containsOnly(entry(PushReason.SPOOL_FULL, full), entry(PushReason.SPOOLED, spooled)));
		vwoUp();
		runner().run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(spooled));
			assertThat(service.counters().recovered()).isEqualTo(spooled);
			assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::key)
				.containsExactlyInAnyOrderElementsOf(spooledKeys);
		});
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "destroyForcibly is TerminateProcess there, not SIGKILL")
	void aChildKilledWithSigkillLosesNothingItAccepted() throws Exception {
		int pushes = 300;
		long recordsBytes = IntStream.range(0, pushes)
			.mapToLong((i) -> recordBytes("user-" + (i % 7), "crash-" + i, "value-" + i))
			.sum();
		vwoDown();
		try (ChildJvm child = ChildJvm.start(SpoolCrashChild.class, String.valueOf(pushes),
				"--vwo.account-id=" + VwoWireMock.ACCOUNT_ID, "--vwo.sdk-key=" + VwoWireMock.SDK_KEY,
				"--vwo.base-url=" + vwo.baseUrl(), "--vwo.spool.enabled=true",
				"--vwo.spool.directory=" + this.spoolDirectory, "--vwo.spool.sync-interval=50ms",
				"--vwo.retry.initial-backoff=50ms", "--vwo.retry.max-backoff=100ms", "--vwo.batch.max-events=50")) {
			assertThat(child.awaitLine(TIMEOUT, "ACCEPTED ")).isEqualTo("ACCEPTED " + pushes);
			// SIGKILL loses what the process has not yet written to the kernel: wait until every record is in the files.
			await().atMost(TIMEOUT).untilAsserted(() -> assertThat(segmentLogBytes()).isEqualTo(recordsBytes));
			assertThat(child.kill()).as("killed by SIGKILL").isEqualTo(137);
		}
		assertThat(VwoWireMock.acceptedEvents(vwo)).isEmpty();
		vwoUp();
		runner().run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			await().atMost(TIMEOUT)
				.untilAsserted(() -> assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(pushes));
			assertThat(service.counters().recovered()).isEqualTo(pushes);
			PushCounters counters = service.counters();
			assertThat(counters.count(PushOutcome.FAILED) + counters.count(PushOutcome.DROPPED)).isZero();
		});
		assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(ReceivedEvent::key)
			.containsExactlyInAnyOrder(keys("crash-", pushes));
	}

	/** Bytes the spool writes for a push of one dimension. */
	private static long recordBytes(String userId, String key, String value) {
		return SpoolRecordCodec.encode(0, userId, 0, new String[] { key }, new String[] { value }, null).remaining();
	}

	private long segmentLogBytes() throws IOException {
		try (Stream<Path> files = Files.list(this.spoolDirectory)) {
			long bytes = 0;
			for (Path log : files.filter((file) -> file.getFileName().toString().endsWith(".log")).toList()) {
				bytes += Files.size(log);
			}
			return bytes;
		}
	}

}
