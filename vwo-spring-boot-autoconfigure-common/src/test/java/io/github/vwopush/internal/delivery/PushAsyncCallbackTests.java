package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Users' callbacks on {@code pushAsync} futures never run on the sender thread: a slow
 * callback does not stall delivery, and a callback that waits for another push's future
 * does not deadlock it.
 */
class PushAsyncCallbackTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void callbacksRunOffTheSenderThread() {
		VwoWireMock.runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			AtomicReference<String> thread = new AtomicReference<>();
			CompletableFuture<String> observed = service.pushAsync("plan", "gold", "u")
				.thenApply((result) -> Thread.currentThread().getName());
			thread.set(observed.get(10, TimeUnit.SECONDS));
			assertThat(thread.get()).startsWith("vwo-push-callback-").isNotEqualTo("vwo-push-sender");
		});
	}

	@Test
	void aBlockedCallbackDoesNotStallDelivery() {
		VwoWireMock.runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			CountDownLatch release = new CountDownLatch(1);
			CountDownLatch callbackStarted = new CountDownLatch(1);
			service.pushAsync("first", "1", "u").thenRun(() -> {
				callbackStarted.countDown();
				awaitQuietly(release);
			});
			try {
				assertThat(callbackStarted.await(10, TimeUnit.SECONDS)).isTrue();
				// The first callback is still blocked; later pushes are delivered all the same.
				PushResult later = service.pushAsync("second", "2", "u").get(10, TimeUnit.SECONDS);
				assertThat(later.isDelivered()).isTrue();
				assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
				assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(VwoWireMock.ReceivedEvent::key)
					.containsExactlyInAnyOrder("first", "second");
			}
			finally {
				release.countDown();
			}
		});
	}

	@Test
	void aCallbackThatWaitsForAnotherPushDoesNotDeadlock() {
		VwoWireMock.runner(vwo, "vwo.batch.max-events=1").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			CompletableFuture<PushResult> second = new CompletableFuture<>();
			CompletableFuture<Boolean> bothDelivered = service.pushAsync("first", "1", "u")
				.thenApply((first) -> first.isDelivered() && second.join().isDelivered());
			service.pushAsync("second", "2", "u").whenComplete((result, error) -> second.complete(result));
			assertThat(bothDelivered.get(10, TimeUnit.SECONDS)).isTrue();
		});
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await(30, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
