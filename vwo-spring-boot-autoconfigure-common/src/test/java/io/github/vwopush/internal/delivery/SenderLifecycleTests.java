package io.github.vwopush.internal.delivery;

import java.net.URI;
import java.time.Duration;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import io.github.vwopush.internal.protocol.Transport;
import io.github.vwopush.internal.settings.SettingsRefresher;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sender's clocks and its shutdown, with the service built directly so that the wall
 * clock can be stepped.
 */
class SenderLifecycleTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private DefaultVwoPushService service;

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@AfterEach
	void stop() {
		if (this.service != null) {
			this.service.stop();
		}
	}

	private DefaultVwoPushService start(Duration linger, AtomicLong wallClock) {
		DeliveryConfig config = new DeliveryConfig(Transport.BATCH, 500, linger, 16, 1000, 64L * 1024 * 1024,
				Duration.ofSeconds(5), false, Duration.ofMinutes(1), null);
		RetryPolicy retry = new RetryPolicy(Duration.ofMinutes(1), 0, Duration.ofMillis(10), Duration.ofMillis(40),
				Duration.ofMinutes(1));
		PushWireFormat wire = new PushWireFormat(URI.create(vwo.baseUrl()), VwoWireMock.ACCOUNT_ID,
				VwoWireMock.SDK_KEY, SdkIdentity.current());
		VwoHttpClient http = new VwoHttpClient(WebClient.builder(), Duration.ofSeconds(1), Duration.ofSeconds(2), 17);
		SettingsRefresher settings = new SettingsRefresher(wire, http, Duration.ofMinutes(10), null);
		this.service = new DefaultVwoPushService(config, retry, wire, VwoWireMock.ACCOUNT_ID, http, settings, List.of(),
				wallClock::get);
		this.service.start();
		return this.service;
	}

	@Test
	void lingerIsMeasuredOnTheMonotonicClockNotTheWallClock() {
		// The wall clock reads an hour ahead when the push is accepted, as if it were stepped back right after.
		AtomicLong wall = new AtomicLong(System.currentTimeMillis() + Duration.ofHours(1).toMillis());
		DefaultVwoPushService pushes = start(Duration.ofMillis(50), wall);
		assertThat(pushes.push("plan", "gold", "u")).isTrue();
		await().atMost(Duration.ofSeconds(5)).until(() -> VwoWireMock.pushRequests(vwo).size() == 1);
		// VWO still gets the event time the application gave it.
		assertThat(VwoWireMock.body(VwoWireMock.pushRequests(vwo).get(0)).path("ev").get(0).path("sId").asLong())
			.isEqualTo(wall.get() / 1000);
	}

	@Test
	void flushDuringShutdownReturnsOnlyOnceEverythingIsFinal() throws Exception {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
			.willReturn(aResponse().withStatus(200).withFixedDelay(800)));
		DefaultVwoPushService pushes = start(Duration.ofMillis(10), new AtomicLong(System.currentTimeMillis()));
		CompletableFuture<PushResult> result = pushes.pushAsync("plan", "gold", "u");
		await().atMost(Duration.ofSeconds(5)).until(() -> VwoWireMock.pushRequests(vwo).size() == 1);
		CompletableFuture<Void> stopping = CompletableFuture.runAsync(pushes::stop);
		await().atMost(Duration.ofSeconds(5)).until(() -> !pushes.isRunning());
		// The request is still in flight: a flush now must wait for it, however the race with stop() falls.
		boolean flushed = pushes.flush(Duration.ofSeconds(10));
		assertThat(flushed).isTrue();
		assertThat(pushes.pending()).isZero();
		// The outcome is decided when flush returns; the future completes on the callback pool right after.
		assertThat(result.get(5, TimeUnit.SECONDS).isDelivered()).isTrue();
		stopping.get(10, TimeUnit.SECONDS);
	}

	@Test
	void aHangingSettingsEndpointBlocksNeitherJournalingNorShutdown(@TempDir Path spool) {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(20_000)));
		AtomicReference<DefaultVwoPushService> pushes = new AtomicReference<>();
		ApplicationContextRunner runner = VwoWireMock.runner(vwo, "vwo.spool.enabled=true",
				"vwo.spool.directory=" + spool, "vwo.spool.sync-interval=50ms", "vwo.http.response-timeout=30s",
				"vwo.shutdown.timeout=2s");
		long started = System.nanoTime();
		runner.run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			pushes.set(service);
			for (int i = 0; i < 10; i++) {
				assertThat(service.push("k" + i, "v", "u")).isTrue();
			}
			// The settings fetch is hanging, yet the pushes reach the disk within a few sync intervals.
			await().atMost(Duration.ofSeconds(2)).until(() -> service.spoolBytes() > 0);
			assertThat(service.settings().lastSuccess()).isNull();
		});
		Duration ran = Duration.ofNanos(System.nanoTime() - started);
		// Shutdown cancelled the fetch and delivered within its 2 s (the fetch alone would take 20 s).
		assertThat(ran).isLessThan(Duration.ofSeconds(6));
		assertThat(pushes.get().counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 10L));
	}

	@Test
	void aRequestInFlightWhenShutdownBeginsIsAbandonedAtItsDeadline() throws Exception {
		// VWO answers after 20 s; the response timeout (30 s) is far longer than shutdown's 1 s.
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
			.willReturn(aResponse().withStatus(200).withFixedDelay(20_000)));
		AtomicReference<DefaultVwoPushService> pushes = new AtomicReference<>();
		AtomicReference<CompletableFuture<PushResult>> result = new AtomicReference<>();
		AtomicLong closing = new AtomicLong();
		VwoWireMock.runner(vwo, "vwo.http.response-timeout=30s", "vwo.shutdown.timeout=1s").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			pushes.set(service);
			result.set(service.pushAsync("plan", "gold", "u"));
			await().atMost(Duration.ofSeconds(5)).until(() -> VwoWireMock.pushRequests(vwo).size() == 1);
			closing.set(System.nanoTime());
		});
		// Shutdown took its 1 s, not the time stop() waits for a sender that does not end (timeout + 2 s).
		assertThat(Duration.ofNanos(System.nanoTime() - closing.get())).isLessThan(Duration.ofMillis(2500));
		// The sender ended within its deadline: the dimension is settled, its future completed, nothing left.
		assertThat(result.get().get(5, TimeUnit.SECONDS).single().reason()).isEqualTo(PushReason.SHUTDOWN);
		assertThat(pushes.get().pending()).isZero();
		assertThat(pushes.get().counters().byReason()).containsOnly(Map.entry(PushReason.SHUTDOWN, 1L));
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("vwo-push-")));
	}

	@Test
	void aClosedQueueRefusesFlushBarriersSoNoFlushWaitsForNobody() {
		PushQueue queue = new PushQueue(10, 1024, 5);
		assertThat(queue.offer(new FlushBarrier())).isTrue();
		queue.close();
		assertThat(queue.offer(new FlushBarrier())).isFalse();
		assertThat(queue.hasBarrier()).isTrue();
		queue.poll();
		assertThat(queue.hasBarrier()).isFalse();
	}

}
