package io.github.vwopush.internal.delivery;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.VwoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What {@code push()} does on the caller's thread: no waiting for VWO, no thread started.
 */
class CallerThreadTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	private static Set<Long> liveThreadIds() {
		return Thread.getAllStackTraces().keySet().stream().map(Thread::getId).collect(Collectors.toSet());
	}

	@Test
	@Timeout(value = 20, unit = TimeUnit.SECONDS)
	void pushNeitherWaitsForVwoNorStartsAThread() {
		VwoWireMock.runner(vwo, "vwo.batch.max-events=1", "vwo.http.response-timeout=30s").run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			// Warm up: the sender, the HTTP event loop and the callback pool exist before we count threads.
			assertThat(service.pushAsync("warm", "up", "u").get(10, TimeUnit.SECONDS).isDelivered()).isTrue();
			// From now on VWO takes 60 s to answer; a push that waited for it would trip the 20 s timeout.
			vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
				.willReturn(aResponse().withStatus(200).withFixedDelay(60_000)));
			assertThat(service.push("first", "1", "u")).isTrue();
			await().atMost(Duration.ofSeconds(5)).until(() -> VwoWireMock.pushRequests(vwo).size() == 2);
			ThreadMXBean threads = ManagementFactory.getThreadMXBean();
			Set<Long> before = liveThreadIds();
			long startedBefore = threads.getTotalStartedThreadCount();
			for (int i = 0; i < 10_000; i++) {
				assertThat(service.push("k" + i, "v", "user-" + i)).isTrue();
			}
			long started = threads.getTotalStartedThreadCount() - startedBefore;
			// Several requests may be in flight: WireMock's own server (in this JVM) may start a thread to
			// hold a second one. Every thread started meanwhile must be one of those, and still alive.
			List<String> serverThreads = Thread.getAllStackTraces()
				.keySet()
				.stream()
				.filter((thread) -> !before.contains(thread.getId()))
				.map(Thread::getName)
				.toList();
			assertThat(serverThreads).as("threads started while pushing").allMatch((name) -> name.startsWith("qtp"));
			assertThat(started).as("threads started while pushing").isEqualTo(serverThreads.size());
			assertThat(service.pending()).isEqualTo(10_001);
		});
	}

}
