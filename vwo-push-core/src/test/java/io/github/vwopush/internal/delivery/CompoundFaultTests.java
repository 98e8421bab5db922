package io.github.vwopush.internal.delivery;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoVisitor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults in combination, each the example of a defect the fault-schedule tests also catch:
 * a split push replayed after a crash, parked asynchronous pushes during an outage, a
 * payload VWO always refuses, a flush under sustained load with the spool on.
 */
class CompoundFaultTests {

	private final RecordingVwo vwo = new RecordingVwo();

	private final List<DefaultVwoPushService> engines = new ArrayList<>();

	@TempDir
	Path spool;

	@BeforeEach
	void users() {
		this.vwo.knows("u", "p");
	}

	@AfterEach
	void stop() {
		this.engines.forEach(DefaultVwoPushService::stop);
		this.vwo.close();
	}

	private DefaultVwoPushService start(TestEngine engine) {
		DefaultVwoPushService started = engine.start();
		this.engines.add(started);
		return started;
	}

	private void refuse(String bodyPart, int status) {
		this.vwo.server.stubFor(post(urlPathEqualTo("/server-side/batch-events")).atPriority(1)
			.withRequestBody(containing(bodyPart))
			.willReturn(aResponse().withStatus(status)));
	}

	/**
	 * The sender is busy while the shutdown deadline passes (a slow filter, a pause), right
	 * after a request that VWO answers at once: it must end at the deadline all the same, and
	 * count the answer it received as a delivery. Found by the fault schedules: once the
	 * settings refresher had closed, the sender's next wake-up was computed past the end of
	 * the clock and it slept through the deadline, leaving the dimension pending for good.
	 */
	@Test
	void aSenderBusyAcrossTheShutdownDeadlineStillEndsThereAndSettlesWhatVwoAnswered() {
		Duration shutdown = Duration.ofMillis(300);
		AtomicLong holdUntil = new AtomicLong();
		DefaultVwoPushService service = start(TestEngine.against(this.vwo.baseUrl())
			.shutdownTimeout(shutdown)
			.races((point) -> {
				long until = (point == RacePoints.Point.REQUEST_SENT) ? holdUntil.getAndSet(0) : 0;
				for (long left = until - System.nanoTime(); until != 0 && left > 0; left = until - System.nanoTime()) {
					LockSupport.parkNanos(left);
				}
			}));
		holdUntil.set(System.nanoTime() + shutdown.plusMillis(100).toNanos());
		assertThat(service.push("plan", "gold", "u")).isTrue();
		service.stop();
		assertThat(this.vwo.values("u", "plan")).containsExactly("gold");
		assertThat(service.pending()).isZero();
		assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(1);
		assertThat(service.counters().count(PushReason.SHUTDOWN)).isZero();
	}

	@Test
	void aSplitPushReplayedAfterACrashNeverOverwritesANewerValue() {
		refuse("stuck", 503);
		DefaultVwoPushService first = start(TestEngine.against(this.vwo.baseUrl()).maxEvents(1).spool(this.spool));
		Map<String, String> both = new LinkedHashMap<>();
		both.put("a", "v1");
		both.put("b", "stuck");
		first.push(both, "u");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.vwo.values("u", "a").contains("v1"));
		first.push("a", "v2", "u");
		// Half a second of the [b] request failing: time enough for v2 to go, if anything lets it.
		assertThat(first.flush(Duration.ofMillis(500))).isFalse();
		first.crash();
		this.vwo.healthy();
		DefaultVwoPushService restarted = start(TestEngine.against(this.vwo.baseUrl()).maxEvents(1).spool(this.spool));
		assertThat(restarted.flush(Duration.ofSeconds(10))).isTrue();
		List<String> values = this.vwo.values("u", "a");
		assertThat(values).as("values of a, as VWO accepted them: %s, b: %s", values, this.vwo.values("u", "b")).last().isEqualTo("v2");
		assertThat(values.lastIndexOf("v1")).as("v1 after v2 in %s", values).isLessThan(values.indexOf("v2"));
		assertThat(this.vwo.values("u", "b")).contains("stuck");
	}

	@Test
	void parkedAsynchronousAndVisitorPushesLeaveNothingOnTheHeap() {
		refuse("ev", 503);
		DefaultVwoPushService engine = start(
				TestEngine.against(this.vwo.baseUrl()).queueCapacity(1000).spool(this.spool));
		List<WeakReference<CompletableFuture<PushResult>>> futures = new ArrayList<>();
		List<WeakReference<String>> userAgents = new ArrayList<>();
		AtomicInteger spooled = new AtomicInteger();
		for (int i = 0; i < 20_000; i++) {
			CompletableFuture<PushResult> result = engine.pushAsync("k" + (i % 50), "v" + i, "u");
			result.thenAccept((pushed) -> {
				if (pushed.dimensions().get(0).outcome() == PushOutcome.SPOOLED) {
					spooled.incrementAndGet();
				}
			});
			futures.add(new WeakReference<>(result));
			if (i % 4 == 0) {
				String userAgent = new String("Agent/" + i);
				engine.push(Map.of("plan", "p" + i), VwoVisitor.of("p").withUserAgent(userAgent));
				userAgents.add(new WeakReference<>(userAgent));
			}
			if (i % 400 == 399) {
				// Room for the next thousand: the sender parks what exceeds half the capacity.
				await().atMost(Duration.ofSeconds(10)).until(() -> engine.pending() <= 500);
			}
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> engine.queueSize() == 0);
		assertThat(engine.counters().count(PushReason.QUEUE_FULL)).isZero();
		// Parked pushes are on disk only: at most the queue's capacity of them is still reachable.
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			System.gc();
			return reachable(futures) <= 1000 && reachable(userAgents) <= 1000;
		});
		this.vwo.healthy();
		assertThat(engine.flush(Duration.ofSeconds(30))).isTrue();
		assertThat(engine.counters().count(PushReason.DELIVERED)).as("%s", engine.counters()).isEqualTo(25_000);
		assertThat(spooled.get()).isPositive();
	}

	private static int reachable(List<? extends WeakReference<?>> references) {
		int reachable = 0;
		for (WeakReference<?> reference : references) {
			if (reference.get() != null) {
				reachable++;
			}
		}
		return reachable;
	}

	@ParameterizedTest(name = "spool: {0}")
	@ValueSource(booleans = { false, true })
	void aPayloadVwoAlwaysRefusesFailsAloneWhileEverythingElseIsDelivered(boolean spooling) throws Exception {
		refuse("poison", 503);
		TestEngine engine = TestEngine.against(this.vwo.baseUrl());
		DefaultVwoPushService service = start(spooling ? engine.spool(this.spool) : engine);
		service.push("k", "poison", "p");
		// The application's traffic goes on: VWO accepting it while refusing one request is what tells a
		// poison request from an outage.
		AtomicBoolean pushing = new AtomicBoolean(true);
		AtomicInteger pushed = new AtomicInteger();
		Thread traffic = new Thread(() -> {
			while (pushing.get()) {
				int i = pushed.getAndIncrement();
				service.push("k" + (i % 50), "v" + i, "u");
				LockSupport.parkNanos(2_000_000);
			}
		});
		traffic.start();
		try {
			await().atMost(Duration.ofSeconds(20)).until(() -> service.counters().count(PushReason.POISON) == 1);
		}
		finally {
			pushing.set(false);
			traffic.join();
		}
		assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(service.counters().count(PushReason.POISON)).isEqualTo(1);
		assertThat(service.counters().count(PushReason.DELIVERED)).isEqualTo(pushed.get());
		assertThat(this.vwo.acceptedCount()).isEqualTo(pushed.get());
	}

	@Test
	void aFlushUnderSustainedLoadReturnsOnceEverythingBeforeItIsFinal() throws Exception {
		this.vwo.server.stubFor(post(urlPathEqualTo("/server-side/batch-events")).atPriority(1)
			.willReturn(aResponse().withStatus(200).withFixedDelay(20)));
		DefaultVwoPushService engine = start(TestEngine.against(this.vwo.baseUrl())
			.queueCapacity(200)
			.maxEvents(20)
			.maxInFlight(2)
			.spool(this.spool));
		AtomicBoolean pushing = new AtomicBoolean(true);
		AtomicInteger pushed = new AtomicInteger();
		Thread producer = new Thread(() -> {
			long end = System.nanoTime() + Duration.ofSeconds(8).toNanos();
			while (pushing.get() && System.nanoTime() < end) {
				int i = pushed.getAndIncrement();
				engine.push("k" + (i % 500), "v" + i, "u");
				// About 5,000 pushes a second, twice what this VWO takes: parked records never run out.
				LockSupport.parkNanos(200_000);
			}
		});
		producer.start();
		try {
			await().atMost(Duration.ofSeconds(5)).until(() -> engine.spooledDimensions() > 0);
			assertThat(engine.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(engine.spooledDimensions()).as("still parked behind the flush").isPositive();
		}
		finally {
			pushing.set(false);
			producer.join();
		}
	}

}
