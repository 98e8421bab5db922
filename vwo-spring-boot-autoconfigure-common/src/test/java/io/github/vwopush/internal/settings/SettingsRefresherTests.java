package io.github.vwopush.internal.settings;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The settings fetch runs on the HTTP client's event loop: asking for it never blocks, and
 * shutdown cancels one that hangs. WireMock is VWO's settings endpoint.
 */
class SettingsRefresherTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private VwoHttpClient http;

	private final List<String> wakeUpThreads = new CopyOnWriteArrayList<>();

	@BeforeEach
	void createClient() {
		vwo.resetAll();
		this.http = new VwoHttpClient(WebClient.builder(), Duration.ofSeconds(1), Duration.ofSeconds(10), 2);
	}

	@AfterEach
	void closeClient() {
		this.http.close();
	}

	private SettingsRefresher refresher(Duration refreshInterval) {
		PushWireFormat wire = new PushWireFormat(URI.create(vwo.baseUrl()), VwoWireMock.ACCOUNT_ID,
				VwoWireMock.SDK_KEY, SdkIdentity.current());
		SettingsRefresher refresher = new SettingsRefresher(wire, this.http, refreshInterval, null);
		refresher.onFetchFinished(() -> this.wakeUpThreads.add(Thread.currentThread().getName()));
		return refresher;
	}

	private static void settingsAnswer(int delayMillis, String body) {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withFixedDelay(delayMillis).withBody(body)));
	}

	@Test
	void refreshIfDueReturnsAtOnceWhileTheSettingsEndpointTakesFiveSeconds() {
		settingsAnswer(5000, "{\"collectionPrefix\":\"eu01\"}");
		SettingsRefresher refresher = refresher(Duration.ofMinutes(10));
		long start = System.nanoTime();
		refresher.refreshIfDue();
		long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		assertThat(tookMillis).as("refreshIfDue() blocked the caller for %d ms", tookMillis).isLessThan(1000);
		assertThat(refresher.isFetching()).isTrue();
		assertThat(refresher.nanosUntilNextFetch()).isEqualTo(Long.MAX_VALUE);
		assertThat(refresher.hasFetchedOnce()).isFalse();
		// A second call while the first fetch is in flight starts no other.
		refresher.refreshIfDue();
		await().atMost(Duration.ofSeconds(15))
			.untilAsserted(() -> assertThat(refresher.snapshot().collectionPrefix()).isEqualTo("eu01"));
		assertThat(refresher.snapshot().credentials()).isEqualTo(CredentialsStatus.ACCEPTED);
		await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> assertThat(this.wakeUpThreads).hasSize(1));
		assertThat(this.wakeUpThreads.get(0)).startsWith("vwo-http");
		assertThat(refresher.hasFetchedOnce()).isTrue();
		assertThat(refresher.isFetching()).isFalse();
		assertThat(refresher.nanosUntilNextFetch()).isGreaterThan(Duration.ofMinutes(9).toNanos())
			.isLessThanOrEqualTo(Duration.ofMinutes(10).toNanos());
		vwo.verify(1, getRequestedFor(urlPathEqualTo("/server-side/settings")));
	}

	@Test
	void closeCancelsAHangingFetchPromptly() throws Exception {
		settingsAnswer(60_000, "{\"collectionPrefix\":\"eu01\"}");
		SettingsRefresher refresher = refresher(Duration.ofMinutes(10));
		refresher.refreshIfDue();
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> vwo.verify(1, getRequestedFor(urlPathEqualTo("/server-side/settings"))));
		long start = System.nanoTime();
		refresher.close();
		assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(1000);
		assertThat(refresher.isFetching()).isFalse();
		assertThat(refresher.nanosUntilNextFetch()).isEqualTo(Long.MAX_VALUE);
		refresher.refreshIfDue();
		assertThat(refresher.isFetching()).isFalse();
		// The HTTP client closes at once: no exchange is left holding its event loop.
		CountDownLatch closed = new CountDownLatch(1);
		Thread closer = new Thread(() -> {
			this.http.close();
			closed.countDown();
		});
		closer.start();
		assertThat(closed.await(5, TimeUnit.SECONDS)).isTrue();
		assertThat(this.wakeUpThreads).isEmpty();
		assertThat(refresher.snapshot().credentials()).isEqualTo(CredentialsStatus.UNKNOWN);
		assertThat(refresher.hasFetchedOnce()).isFalse();
		vwo.verify(1, getRequestedFor(urlPathEqualTo("/server-side/settings")));
	}

	@Test
	void rejectedCredentialsAreReportedAndRetriedAfterAMinute() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(403)));
		SettingsRefresher refresher = refresher(Duration.ofMinutes(10));
		refresher.refreshIfDue();
		await().atMost(Duration.ofSeconds(5)).until(refresher::hasFetchedOnce);
		assertThat(refresher.snapshot().credentials()).isEqualTo(CredentialsStatus.REJECTED);
		assertThat(refresher.snapshot().lastError()).isEqualTo("HTTP 403");
		assertThat(refresher.nanosUntilNextFetch()).isGreaterThan(Duration.ofSeconds(50).toNanos())
			.isLessThanOrEqualTo(Duration.ofMinutes(1).toNanos());
		assertThat(this.wakeUpThreads).hasSize(1);
	}

	@Test
	void aZeroRefreshIntervalFetchesOnceAfterASuccess() {
		settingsAnswer(0, "{}");
		SettingsRefresher refresher = refresher(Duration.ZERO);
		refresher.refreshIfDue();
		await().atMost(Duration.ofSeconds(5)).until(refresher::hasFetchedOnce);
		assertThat(refresher.nanosUntilNextFetch()).isEqualTo(Long.MAX_VALUE);
		refresher.refreshIfDue();
		assertThat(refresher.isFetching()).isFalse();
		vwo.verify(1, getRequestedFor(urlPathEqualTo("/server-side/settings")));
	}

}
