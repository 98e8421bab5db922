package io.github.vwopush.sample;

import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The sample carries the Kafka module (to run as a fleet member, README "Running a fleet"),
 * off unless {@code vwo.kafka.enabled=true}: with Kafka's address set but the module off,
 * the app delivers to VWO (here its local collector) and never connects to Kafka.
 */
class KafkaOffTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void withTheModuleOffNothingConnectsToKafkaAndDimensionsGoToVwo() throws Exception {
		// Stands in for a Kafka broker: a connection from any Kafka client (admin, producer, consumer) would wait in its
		// backlog.
		try (ServerSocket kafka = new ServerSocket(0); ServerSocket free = new ServerSocket(0)) {
			int port = free.getLocalPort();
			free.close();
			SpringApplication application = new SpringApplication(PricingApplication.class);
			application.setAdditionalProfiles("local-collector");
			try (ConfigurableApplicationContext app = application.run("--server.port=" + port,
					"--vwo.batch.linger=50ms", "--spring.kafka.bootstrap-servers=localhost:" + kafka.getLocalPort(),
					"--vwo.kafka.role=producer")) {
				assertThat(app.containsBean("vwoKafkaOutlet")).isFalse();
				assertThat(app.containsBean("vwoKafkaRelay")).isFalse();
				URI base = URI.create("http://localhost:" + port);
				HttpResponse<String> segment = this.http.send(HttpRequest.newBuilder(base.resolve("/users/erin/segment"))
					.header("Content-Type", "application/json")
					.POST(HttpRequest.BodyPublishers.ofString("{\"cohort\":\"kafka-off\"}"))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(segment.body()).isEqualTo("{\"cohort\":true,\"tenant\":true}");
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(this.http
						.send(HttpRequest.newBuilder(base.resolve("/collector/received")).build(),
								HttpResponse.BodyHandlers.ofString())
						.body()).contains("\"key\":\"cohort\",\"value\":\"kafka-off\""));
			}
			kafka.setSoTimeout(500);
			assertThatExceptionOfType(SocketTimeoutException.class).as("a connection to Kafka's address")
				.isThrownBy(kafka::accept);
		}
	}

}
