package io.github.vwopush.health;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.VwoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A refused SDK key never takes the instance out of rotation: over HTTP, with VWO answering
 * 401 to the settings file, the application's aggregate health, liveness and readiness (even
 * with {@code vwo} added to the readiness group) stay 200 while the {@code vwo} component says
 * {@code CREDENTIALS_REJECTED}; {@code vwo.health.down-on-rejected-credentials=true} opts in
 * to {@code DOWN} and 503. Runs on each Spring Boot line.
 */
class VwoHealthAggregateTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	@BeforeEach
	void vwoRefusesTheKey() {
		VwoWireMock.healthy(vwo);
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(401)));
	}

	@Test
	void aRefusedKeyLeavesTheAggregateLivenessAndReadinessUp() throws Exception {
		try (ConfigurableApplicationContext context = start()) {
			String base = "http://localhost:" + port(context) + "/actuator/health";
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(json(fetch(base + "/vwo")).path("status").asText())
					.isEqualTo("CREDENTIALS_REJECTED"));
			HttpResponse<String> vwoHealth = fetch(base + "/vwo");
			assertThat(vwoHealth.statusCode()).isEqualTo(200);
			assertThat(json(vwoHealth).path("details").path("credentials").asText()).isEqualTo("REJECTED");
			HttpResponse<String> aggregate = fetch(base);
			assertThat(aggregate.statusCode()).as(aggregate.body()).isEqualTo(200);
			assertThat(json(aggregate).path("status").asText()).isEqualTo("UP");
			assertThat(json(aggregate).path("components").path("vwo").path("status").asText())
				.isEqualTo("CREDENTIALS_REJECTED");
			for (String probe : new String[] { "/liveness", "/readiness" }) {
				HttpResponse<String> response = fetch(base + probe);
				assertThat(response.statusCode()).as(probe + ": " + response.body()).isEqualTo(200);
				assertThat(json(response).path("status").asText()).isEqualTo("UP");
			}
			assertThat(json(fetch(base + "/readiness")).path("components").path("vwo").path("status").asText())
				.as("vwo is in the readiness group").isEqualTo("CREDENTIALS_REJECTED");
		}
	}

	@Test
	void downOnRejectedCredentialsOptsInToDownAnd503() throws Exception {
		try (ConfigurableApplicationContext context = start("--vwo.health.down-on-rejected-credentials=true")) {
			String base = "http://localhost:" + port(context) + "/actuator/health";
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(json(fetch(base + "/vwo")).path("status").asText()).isEqualTo("DOWN"));
			assertThat(fetch(base + "/vwo").statusCode()).isEqualTo(503);
			HttpResponse<String> aggregate = fetch(base);
			assertThat(aggregate.statusCode()).as(aggregate.body()).isEqualTo(503);
			assertThat(json(aggregate).path("status").asText()).isEqualTo("DOWN");
			assertThat(fetch(base + "/readiness").statusCode()).as("vwo is in the readiness group").isEqualTo(503);
			assertThat(fetch(base + "/liveness").statusCode()).isEqualTo(200);
		}
	}

	private static ConfigurableApplicationContext start(String... args) {
		String[] defaults = { "--server.port=0", "--vwo.account-id=" + VwoWireMock.ACCOUNT_ID,
				"--vwo.sdk-key=" + VwoWireMock.SDK_KEY, "--vwo.base-url=" + vwo.baseUrl(),
				"--management.endpoints.web.exposure.include=health",
				"--management.endpoint.health.show-details=always",
				"--management.endpoint.health.probes.enabled=true",
				"--management.endpoint.health.group.readiness.include=readinessState,vwo",
				"--management.endpoint.health.group.readiness.show-details=always", "--vwo.shutdown.timeout=0s" };
		String[] all = new String[defaults.length + args.length];
		System.arraycopy(defaults, 0, all, 0, defaults.length);
		System.arraycopy(args, 0, all, defaults.length, args.length);
		return new SpringApplicationBuilder(Application.class).web(WebApplicationType.SERVLET).run(all);
	}

	private static int port(ConfigurableApplicationContext context) {
		return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
	}

	private static HttpResponse<String> fetch(String url) throws IOException, InterruptedException {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static JsonNode json(HttpResponse<String> response) {
		return VwoWireMock.json(response.body());
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

	}

}
