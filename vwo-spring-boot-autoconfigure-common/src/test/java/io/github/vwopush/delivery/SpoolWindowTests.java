package io.github.vwopush.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushReason;
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
					// The sender parks what exceeds half the capacity, making room for the next chunk.
					await().atMost(Duration.ofSeconds(5)).until(() -> service.pending() <= 50);
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
	void parkingAndReadBackKeepWithinTheQueuesByteLimit() throws Exception {
		String value = "v".repeat(255);
		VwoWireMock
			.runner(vwo, "vwo.spool.enabled=true", "vwo.spool.directory=" + this.spool, "vwo.queue.max-size=64KB",
					"vwo.retry.max-backoff=200ms")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				for (int chunk = 0; chunk < 25; chunk++) {
					for (int i = 0; i < 20; i++) {
						assertThat(service.push("k" + (chunk * 20 + i), value, "u")).isTrue();
					}
					await().atMost(Duration.ofSeconds(5)).until(() -> service.queueBytes() <= 32 * 1024);
				}
				assertThat(service.counters().count(PushReason.QUEUE_FULL)).isZero();
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
				// Read back from disk in steps that fit the memory window (half the limit), never all 500 at once
				// (about 290 KB).
				assertThat(mostBytes.get()).isPositive().isLessThanOrEqualTo(32 * 1024);
				assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 500L));
			});
	}

}
