package io.github.vwopush.sample.containers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.client.WireMock;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample app built into an image and run in a container next to WireMock on one Docker
 * network: requests to the app, then what WireMock received and what the app's metrics say.
 */
@RequiresDocker
class SampleAppContainerIT {

	private static Network network;

	private static GenericContainer<?> wireMock;

	private static GenericContainer<?> app;

	private static WireMock vwo;

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	@SuppressWarnings("resource")
	static void start() {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the sample app jar, built by 'package'").satisfies((path) -> Files.isRegularFile(path));
		network = Network.newNetwork();
		wireMock = VwoContainers.wireMock().withNetwork(network).withNetworkAliases("vwo");
		wireMock.start();
		vwo = VwoContainers.client(wireMock);
		VwoContainers.healthyVwo(vwo);
		ImageFromDockerfile image = new ImageFromDockerfile("vwo-push/sample-app", true).withFileFromPath("app.jar", jar)
			.withDockerfileFromBuilder((dockerfile) -> dockerfile.from("vwo-push/jre17:local")
				.copy("app.jar", "/app/app.jar")
				.expose(8080)
				.entryPoint("java", "-jar", "/app/app.jar")
				.build());
		app = new GenericContainer<>(image).withNetwork(network)
			.withExposedPorts(8080)
			.withEnv("VWO_ACCOUNT_ID", "123456")
			.withEnv("VWO_SDK_KEY", VwoContainers.SDK_KEY)
			.withEnv("VWO_BASE_URL", "http://vwo:8080")
			.withEnv("VWO_BATCH_LINGER", "100ms")
			.waitingFor(Wait.forHttp("/actuator/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(2)));
		app.start();
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.stop();
		}
		if (wireMock != null) {
			wireMock.stop();
		}
		if (network != null) {
			network.close();
		}
	}

	@Test
	void requestsToTheAppReachVwoAndAreCounted() throws Exception {
		assertThat(call("GET", "/prices/gold", "alice", null)).contains("\"plan\":\"gold\"");
		assertThat(call("POST", "/subscriptions", "bob", "{\"plan\":\"silver\",\"billing\":\"yearly\"}"))
			.contains("\"plan\":\"silver\"");
		VisitorUuid uuids = VisitorUuid.forAccount(123456);
		String alice = uuids.of("alice");
		String bob = uuids.of("bob");
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(VwoContainers.receivedDimensions(vwo)).containsExactlyInAnyOrder(
					alice + " plan=gold", bob + " plan=silver", bob + " billing=yearly", bob + " price-band=standard"));
		assertThat(VwoContainers.batchRequests(vwo)).allSatisfy((request) -> {
			assertThat(request.getHeader("Authorization")).isEqualTo(VwoContainers.SDK_KEY);
			assertThat(request.getUrl()).startsWith("/server-side/batch-events?a=123456&env=");
		});
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(call("GET", "/actuator/metrics/vwo.push.dimensions?tag=result:success",
					"ops", null))
				.contains("{\"statistic\":\"COUNT\",\"value\":4.0}"));
		String vwoEndpoint = call("GET", "/actuator/vwo", "ops", null);
		assertThat(vwoEndpoint).contains("\"success\":4").doesNotContain(VwoContainers.SDK_KEY);
		assertThat(app.getLogs()).doesNotContain(VwoContainers.SDK_KEY).doesNotContain("alice");
	}

	private String call(String method, String path, String user, String json) throws Exception {
		HttpRequest.Builder request = HttpRequest
			.newBuilder(URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + path))
			.header("X-User-Id", user);
		if (json != null) {
			request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
	}

}
