package io.github.vwopush.internal.delivery;

import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With the spool on, what stays in memory is bounded by the queue's limits, in dimensions
 * and in bytes, whatever the batch size: the rest is parked on disk, not dropped, and read
 * back no faster than the limits allow.
 */
class SpoolWindowTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@TempDir
	Path spool;

	@BeforeEach
	void vwoIsDown() {
		VwoWireMock.healthy(vwo);
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
	}

	private static void vwoRecovers() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
	}

	@Test
	void parkingStartsEvenWhenTheCapacityIsBelowTwoBatches() {
		VwoWireMock
			.runner(vwo, "vwo.spool.enabled=true", "vwo.spool.directory=" + this.spool, "vwo.queue.capacity=100",
					"vwo.batch.max-events=100", "vwo.retry.max-backoff=200ms")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				for (int chunk = 0; chunk < 25; chunk++) {
					for (int i = 0; i < 40; i++) {
						assertThat(service.push("k" + (chunk * 40 + i), "v", "u")).isTrue();
					}
					// The sender parks what exceeds half the capacity, making room for the next chunk; one parked
					// push (here one dimension) may come back beyond it as the probe while failed requests fill it.
					await().atMost(Duration.ofSeconds(5)).until(() -> service.pending() <= 50 + 1);
					assertThat(service.pending() + service.spooledDimensions()).isEqualTo((chunk + 1) * 40L);
				}
				assertThat(service.counters().count(PushReason.QUEUE_FULL)).isZero();
				vwoRecovers();
				await().atMost(Duration.ofSeconds(20))
					.until(() -> service.counters().count(PushReason.DELIVERED) == 1000);
				assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 1000L));
			});
	}

	@Test
	void parkingAndReadBackKeepWithinTheQueuesByteLimitWhateverThePushForm() throws Exception {
		VwoWireMock
			.runner(vwo, "vwo.spool.enabled=true", "vwo.spool.directory=" + this.spool, "vwo.queue.max-size=64KB",
					"vwo.retry.max-backoff=200ms")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				// pushAsync: the form whose parked pushes stayed on the heap while the byte count said otherwise.
				// Each push is estimated at 658 bytes (user id, key, a 255-character value).
				int onePush = 96 + 48 + 2 * (1 + 4 + 255);
				List<WeakReference<String>> values = new ArrayList<>();
				List<CompletableFuture<PushResult>> results = new ArrayList<>();
				for (int chunk = 0; chunk < 25; chunk++) {
					for (int i = 0; i < 20; i++) {
						String value = String.format("%-255s", "v" + (chunk * 20 + i)).replace(' ', 'v');
						values.add(new WeakReference<>(value));
						results.add(service.pushAsync("k" + (chunk * 20 + i), value, "u"));
					}
					await().atMost(Duration.ofSeconds(5)).until(() -> service.queueBytes() <= 32 * 1024 + onePush);
				}
				assertThat(service.counters().count(PushReason.QUEUE_FULL)).isZero();
				// Half the limit holds 49 pushes, one more may be read back beyond it to probe VWO. Whatever the
				// estimate says, that is all the heap still holds of the 500.
				int inMemory = 32 * 1024 / onePush + 1;
				await().atMost(Duration.ofSeconds(20)).until(() -> {
					System.gc();
					return AccountingTests.reachable(values) <= inMemory;
				});
				AtomicLong mostBytes = new AtomicLong();
				AtomicBoolean sampling = new AtomicBoolean(true);
				Thread sampler = new Thread(() -> {
					while (sampling.get()) {
						mostBytes.accumulateAndGet(service.queueBytes(), Math::max);
						Thread.onSpinWait();
					}
				});
				sampler.start();
				try {
					vwoRecovers();
					await().atMost(Duration.ofSeconds(20))
						.until(() -> service.counters().count(PushReason.DELIVERED) == 500);
				}
				finally {
					sampling.set(false);
					sampler.join();
				}
				// Read back from disk in steps that fit the memory window (half the limit), plus the one probe, never
				// all 500 at once (about 330 KB).
				assertThat(mostBytes.get()).isPositive().isLessThanOrEqualTo(32 * 1024 + onePush);
				assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 500L));
				// Every future completed: delivered, or spooled when its push was parked on disk.
				assertThat(results).allSatisfy((result) -> assertThat(result.get(5, TimeUnit.SECONDS).single().outcome())
					.isIn(PushOutcome.DELIVERED, PushOutcome.SPOOLED));
			});
	}

}
