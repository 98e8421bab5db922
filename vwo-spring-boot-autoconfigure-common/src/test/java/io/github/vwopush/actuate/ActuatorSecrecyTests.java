package io.github.vwopush.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.github.vwopush.VwoWireMock.SDK_KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What operators see and do over HTTP, with every value shown: the SDK key in none of it, wherever
 * it was configured ({@code vwo.sdk-key} referring to {@code VWO_SDK_KEY}, and
 * {@code spring.application.json}, as Kubernetes deployments often do).
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ActuatorSecrecyTests.Application.class,
		properties = { "vwo.account-id=" + VwoWireMock.ACCOUNT_ID, "vwo.sdk-key=${VWO_SDK_KEY}",
				"management.endpoints.web.exposure.include=env,configprops,vwo,health",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"management.endpoint.health.show-details=always" })
// Closed after the class: a cached context's sender would outlive it, and later tests check that none is left.
@DirtiesContext
class ActuatorSecrecyTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final String APPLICATION_JSON = "spring.application.json";

	@LocalServerPort
	private int port;

	@Autowired
	private VwoPushService service;

	@BeforeAll
	static void keyInTheEnvironment() {
		System.setProperty("VWO_SDK_KEY", SDK_KEY);
		System.setProperty(APPLICATION_JSON, "{\"vwo\":{\"sdk-key\":\"" + SDK_KEY + "\"}}");
	}

	@AfterAll
	static void clearEnvironment() {
		System.clearProperty("VWO_SDK_KEY");
		System.clearProperty(APPLICATION_JSON);
	}

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@DynamicPropertySource
	static void vwoBaseUrl(DynamicPropertyRegistry registry) {
		registry.add("vwo.base-url", vwo::baseUrl);
	}

	@ParameterizedTest
	@ValueSource(strings = { "env", "env/vwo.sdk-key", "env/VWO_SDK_KEY", "env/spring.application.json",
			"configprops", "configprops/vwo", "vwo", "health" })
	void noEndpointShowsTheKey(String endpoint) throws Exception {
		assertThat(this.service.pushAsync("plan", "gold", "Ashley").get().isDelivered()).isTrue();
		HttpResponse<String> response = get("/actuator/" + endpoint);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isNotBlank().doesNotContain(SDK_KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{}", "{\"timeout\":\"5s\"}" })
	void flushOverHttpTakesAnOptionalTimeout(String body) throws Exception {
		this.service.push("plan", "gold", "Ashley");
		HttpRequest flush = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/actuator/vwo"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		HttpResponse<String> response = HttpClient.newHttpClient().send(flush, HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
		assertThat(response.body()).contains("\"flushed\":true").doesNotContain(SDK_KEY);
	}

	private HttpResponse<String> get(String path) throws IOException, InterruptedException {
		HttpClient client = HttpClient.newHttpClient();
		return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
