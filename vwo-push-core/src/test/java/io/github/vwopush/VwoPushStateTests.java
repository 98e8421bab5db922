package io.github.vwopush;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The engine's status view through the front door, against WireMock standing in for VWO:
 * what health, the endpoint and the meters read.
 */
class VwoPushStateTests {

	private final WireMockServer vwo = new WireMockServer(wireMockConfig().dynamicPort());

	private VwoPushEngine engine;

	@BeforeEach
	void start() {
		this.vwo.start();
		this.vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		this.engine = VwoPushEngine.builder(123456, "state-sdk-key").baseUrl(this.vwo.baseUrl()).build();
		this.engine.start();
	}

	@AfterEach
	void stop() {
		this.engine.stop(Duration.ofSeconds(1));
		this.vwo.stop();
	}

	@Test
	void theOutageAgeGrowsWhileRequestsFailAndEndsWithASuccess() {
		assertThat(this.engine.state().outageAge()).isZero();
		this.vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
		assertThat(this.engine.push("plan", "gold", "user-42")).isTrue();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.engine.state().isFailing());
		Duration first = this.engine.state().outageAge();
		await().atMost(Duration.ofSeconds(10)).until(() -> this.engine.state().outageAge().compareTo(first) > 0);
		this.vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
		await().atMost(Duration.ofSeconds(30)).until(() -> this.engine.state().count(PushReason.DELIVERED) == 1);
		assertThat(this.engine.state().outageAge()).isZero();
		assertThat(this.engine.state().isFailing()).isFalse();
	}

}
