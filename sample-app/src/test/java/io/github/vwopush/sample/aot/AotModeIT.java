package io.github.vwopush.sample.aot;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.vwopush.sample.CollectorExpectations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sample jar, processed ahead of time by the build ({@code spring-boot:process-aot}),
 * started in AOT mode on the JVM ({@code -Dspring.aot.enabled=true}) in a child process:
 * its annotated endpoints are called over HTTP, then its local collector must have
 * received the dimensions.
 */
class AotModeIT {

	private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static Process app;

	private static Path log;

	private static int port;

	@BeforeAll
	static void start() throws IOException {
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the sample app jar, built by 'package'").satisfies((path) -> Files.isRegularFile(path));
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		log = jar.resolveSibling("aot-mode-it.log");
		ProcessBuilder builder = new ProcessBuilder(
				Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Dspring.aot.enabled=true", "-jar",
				jar.toString(), "--server.port=" + port, "--vwo.batch.linger=50ms")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile());
		// No VWO account: the sample picks its local-collector profile, as it did when it was processed.
		Map<String, String> environment = builder.environment();
		List.of("VWO_SDK_KEY", "VWO_ACCOUNT_ID", "VWO_BASE_URL").forEach(environment::remove);
		app = builder.start();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.ignoreExceptionsInstanceOf(IOException.class)
			.failFast("the app exited; its output is in " + log, () -> !app.isAlive())
			.untilAsserted(() -> assertThat(send(HttpRequest.newBuilder(uri("/actuator/health"))).statusCode())
				.isEqualTo(200));
	}

	@AfterAll
	static void stop() throws InterruptedException {
		if (app != null) {
			app.destroy();
			if (!app.waitFor(20, TimeUnit.SECONDS)) {
				app.destroyForcibly();
			}
		}
	}

	@Test
	void annotatedEndpointsReachTheLocalCollectorInAotMode() throws Exception {
		assertThat(Files.readString(log, StandardCharsets.UTF_8)).contains("Starting AOT-processed PricingApplication");
		HttpResponse<String> quote = send(HttpRequest.newBuilder(uri("/prices/gold")).header("X-User-Id", "alice"));
		assertThat(quote.body()).isEqualTo("{\"plan\":\"gold\",\"monthlyPrice\":49.00}");
		HttpResponse<String> subscription = send(HttpRequest.newBuilder(uri("/subscriptions"))
			.header("X-User-Id", "bob")
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"plan\":\"silver\",\"billing\":\"yearly\"}")));
		assertThat(subscription.body()).isEqualTo("{\"plan\":\"silver\",\"monthlyPrice\":19.00}");
		HttpResponse<String> segment = send(HttpRequest.newBuilder(uri("/users/carol/segment"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"cohort\":\"2026-q4\"}")));
		assertThat(segment.body()).isEqualTo("{\"cohort\":true,\"tenant\":true}");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> CollectorExpectations
				.assertDemoReceived(assertThat(send(HttpRequest.newBuilder(uri("/collector/received"))).body())));
		// The endpoint's response types are written by Jackson from AOT-registered hints.
		HttpResponse<String> endpoint = send(HttpRequest.newBuilder(uri("/actuator/vwo")));
		assertThat(endpoint.statusCode()).isEqualTo(200);
		assertThat(endpoint.body()).contains("\"accepted\":6").doesNotContain("local-demo-key");
	}

	private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
		return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
	}

	private static URI uri(String path) {
		return URI.create("http://localhost:" + port + path);
	}

}
