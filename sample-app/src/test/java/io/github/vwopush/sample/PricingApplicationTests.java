package io.github.vwopush.sample;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample as a newcomer runs it: no VWO account, the local collector profile, two calls.
 */
class PricingApplicationTests {

	private static ConfigurableApplicationContext app;

	private static int port;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	static void start() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		SpringApplication application = new SpringApplication(PricingApplication.class);
		application.setAdditionalProfiles("local-collector");
		app = application.run("--server.port=" + port, "--vwo.batch.linger=50ms");
	}

	@AfterAll
	static void stop() {
		app.close();
	}

	@Test
	void onFmeTheSameDemoGoesThroughBatchEventsV2() throws Exception {
		int fmePort;
		try (ServerSocket socket = new ServerSocket(0)) {
			fmePort = socket.getLocalPort();
		}
		SpringApplication application = new SpringApplication(PricingApplication.class);
		application.setAdditionalProfiles("local-collector");
		try (ConfigurableApplicationContext fme = application.run("--server.port=" + fmePort,
				"--vwo.batch.linger=50ms", "--vwo.platform=fme")) {
			URI base = URI.create("http://localhost:" + fmePort);
			HttpResponse<String> price = this.http.send(
					HttpRequest.newBuilder(base.resolve("/prices/gold")).header("X-User-Id", "dora").build(),
					HttpResponse.BodyHandlers.ofString());
			assertThat(price.statusCode()).isEqualTo(200);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(this.http
					.send(HttpRequest.newBuilder(base.resolve("/collector/received")).build(),
							HttpResponse.BodyHandlers.ofString())
					.body()).contains("\"key\":\"plan\",\"value\":\"gold\",\"via\":\"batch-events-v2\"")
					.doesNotContain("dora"));
		}
	}

	@Test
	void dimensionsReachTheLocalCollector() throws Exception {
		// @VwoDimension works through Spring AOP's infrastructure advisors: the starter brings no AspectJ, which
		// would switch every application to AspectJ-style auto-proxying.
		assertThat(org.springframework.util.ClassUtils.isPresent("org.aspectj.weaver.Advice", null)).isFalse();
		assertThat(get("/prices/gold", "alice")).contains("\"monthlyPrice\":49.00");
		HttpResponse<String> subscription = this.http.send(HttpRequest.newBuilder(uri("/subscriptions"))
			.header("X-User-Id", "bob")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"plan\":\"silver\",\"billing\":\"yearly\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(subscription.body()).isEqualTo("{\"plan\":\"silver\",\"monthlyPrice\":19.00}");
		HttpResponse<String> segment = this.http.send(HttpRequest.newBuilder(uri("/users/carol/segment"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"cohort\":\"2026-q4\",\"bad\":\"\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(segment.body()).isEqualTo("{\"cohort\":true,\"bad\":false,\"tenant\":true}");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> CollectorExpectations.assertDemoReceived(assertThat(get("/collector/received", "x"))));
	}

	@Test
	void aSubscriptionWithoutAPlanIsA400ThatSaysWhyAndPushesNothing() throws Exception {
		HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri("/subscriptions"))
			.header("X-User-Id", "dora")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"plan\":null,\"billing\":\"yearly\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("\"detail\":\"plan is required, for example \\\"gold\\\"\"");
		// The method threw, so @VwoDimension pushed nothing for this user: once a later push of hers has arrived
		// (pushes are delivered in order), it is the only one the collector has for her.
		String dora = io.github.vwopush.internal.protocol.VisitorUuid.forAccount(123456).of("dora");
		assertThat(get("/prices/gold", "dora")).contains("\"plan\":\"gold\"");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/collector/received", "x")).contains(dora));
		assertThat(get("/collector/received", "x").split(dora, -1)).hasSize(2);
	}

	private String get(String path, String user) throws Exception {
		return this.http
			.send(HttpRequest.newBuilder(uri(path)).header("X-User-Id", user).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

}
