package io.github.vwopush.internal.http;

import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import io.github.vwopush.internal.protocol.WireRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Response bodies read as they arrive: any size up to the reader's bound, never held whole.
 */
class VwoHttpClientStreamingTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private VwoHttpClient http;

	private WireRequest settings;

	@BeforeEach
	void createClient() {
		vwo.resetAll();
		this.http = new VwoHttpClient(WebClient.builder(), Duration.ofSeconds(1), Duration.ofSeconds(5), 2);
		this.settings = new PushWireFormat(URI.create(vwo.baseUrl()), VwoWireMock.ACCOUNT_ID, VwoWireMock.SDK_KEY,
				SdkIdentity.current())
			.settings(0.5);
	}

	@AfterEach
	void closeClient() {
		this.http.close();
	}

	@Test
	void aBodyLargerThanTheDefaultCodecLimitIsStreamedWhole() {
		byte[] body = new byte[3 * 1024 * 1024];
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(200).withBody(body)));
		AtomicLong received = new AtomicLong();
		HttpResult result = this.http
			.exchangeStreaming(this.settings, Duration.ofSeconds(10), 4 * 1024 * 1024,
					(chunk) -> received.addAndGet(chunk.remaining()))
			.block(Duration.ofSeconds(15));
		assertThat(result.status()).isEqualTo(200);
		assertThat(received).hasValue(body.length);
	}

	@Test
	void aBodyBeyondTheBoundEndsTheExchangeWithAClearError() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withBody(new byte[2 * 1024 * 1024])));
		assertThatExceptionOfType(ResponseTooLargeException.class)
			.isThrownBy(() -> this.http
				.exchangeStreaming(this.settings, Duration.ofSeconds(10), 1024 * 1024, (ByteBuffer chunk) -> {
				})
				.block(Duration.ofSeconds(15)))
			.withMessage("The response body is larger than 1 MiB");
	}

	@Test
	void anErrorStatusGivesAnExcerptAndNeverReachesTheReader() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(503).withBody("Service Unavailable " + "x".repeat(2 * 1024 * 1024))));
		AtomicLong received = new AtomicLong();
		HttpResult result = this.http
			.exchangeStreaming(this.settings, Duration.ofSeconds(10), 1024,
					(chunk) -> received.addAndGet(chunk.remaining()))
			.block(Duration.ofSeconds(15));
		assertThat(result.status()).isEqualTo(503);
		assertThat(result.describe()).startsWith("HTTP 503: Service Unavailable xxx").hasSizeLessThan(220);
		assertThat(received).hasValue(0);
	}

	@Test
	void whatTheReaderThrowsIsTheError() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(200).withBody("{")));
		assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> this.http
			.exchangeStreaming(this.settings, Duration.ofSeconds(10), 1024, (chunk) -> {
				throw new IllegalArgumentException("unreadable");
			})
			.block(Duration.ofSeconds(15))).withMessage("unreadable");
	}

}
