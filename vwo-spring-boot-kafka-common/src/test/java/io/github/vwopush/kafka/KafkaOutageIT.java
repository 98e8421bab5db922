package io.github.vwopush.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.health.VwoHealthReport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kafka down when the instances start (nothing listens at its address), then unresponsive in
 * the middle of their work (its container paused): nothing accepted is lost, the outbox's and
 * the relay's health say what is wrong, and their log lines say it in words, never with the
 * SDK key or a user id. A real broker in a container ({@link PausableKafka}); run on the
 * Spring Boot 4 line by the build's integration tests.
 */
@ExtendWith({ OutputCaptureExtension.class, PausableKafka.RequiresDocker.class })
class KafkaOutageIT {

	private static final String SDK_KEY = "outage-test-sdk-key";

	private static final int USERS = 4;

	private final WireMockServer vwo = new WireMockServer(wireMockConfig().dynamicPort());

	private final String topic = "dimensions-" + UUID.randomUUID();

	private final String group = "relay-" + UUID.randomUUID();

	@BeforeEach
	void startVwo() {
		this.vwo.start();
		this.vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		this.vwo.stubFor(post(urlPathEqualTo(VwoEvents.BATCH_EVENTS)).willReturn(aResponse().withStatus(200)));
	}

	@AfterEach
	void stopVwo() {
		this.vwo.stop();
	}

	private ApplicationContextRunner instance(String role, PausableKafka kafka) {
		return new ApplicationContextRunner().withConfiguration(RunningKafkaLine.kafkaAndVwo())
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY, "vwo.base-url=" + this.vwo.baseUrl(),
					"vwo.batch.linger=20ms", "vwo.shutdown.timeout=1s", "vwo.retry.initial-backoff=100ms",
					"vwo.retry.max-backoff=500ms", "vwo.retry.max-elapsed=5m",
					"spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
					// Kafka's client-side bounds, short for a test: how long a send waits for metadata, and for the
					// broker's acknowledgement, before the outbox retries the batch.
					"spring.kafka.producer.properties.max.block.ms=500",
					"spring.kafka.producer.properties.request.timeout.ms=1000",
					"spring.kafka.producer.properties.delivery.timeout.ms=2000",
					// The group's bounds: the relay counts as cut off from Kafka after its session timeout.
					"spring.kafka.consumer.properties.session.timeout.ms=6000",
					"spring.kafka.consumer.properties.heartbeat.interval.ms=1000", "vwo.kafka.enabled=true",
					"vwo.kafka.role=" + role, "vwo.kafka.topic=" + this.topic,
					"vwo.kafka.dead-letter-topic=" + this.topic + ".dlt", "vwo.kafka.relay.group-id=" + this.group,
					"vwo.kafka.relay.redelivery-backoff=100ms", "vwo.kafka.relay.answer-timeout=5s");
	}

	@Test
	void kafkaDownAtStartAndUnresponsiveInTheMiddleLosesNothingAndSaysSoInHealthAndLogs(CapturedOutput output)
			throws Exception {
		try (PausableKafka kafka = PausableKafka.onFreePort()) {
			run(kafka, output);
		}
		assertThat(output).doesNotContain(SDK_KEY).doesNotContain("outage-user-");
	}

	private void run(PausableKafka kafka, CapturedOutput output) {
		instance("producer", kafka).run((producer) -> instance("relay", kafka).run((relay) -> {
			assertThat(producer).hasNotFailed();
			assertThat(relay).hasNotFailed();
			VwoPushEngine outbox = producer.getBean(VwoPushEngine.class);

			// Down at start: the outbox keeps what it accepted and retries; both say why.
			List<CompletableFuture<PushResult>> first = push(outbox, "first");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> VwoHealthReport.DEGRADED.equals(VwoHealthReport.of(outbox).status()));
			assertThat(VwoHealthReport.of(outbox).details()).containsEntry("pending", USERS)
				.containsEntry("lastError", "IO_ERROR (TimeoutException)");
			await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(RunningKafkaLine.relayHealth(relay).status()));
			assertThat(output).contains("The VWO Kafka outbox cannot hand dimensions to topic '" + this.topic
					+ "' (TimeoutException): they wait in the engine's queue");
			assertThat(first).noneMatch(CompletableFuture::isDone);

			kafka.start();
			for (CompletableFuture<PushResult> push : first) {
				assertThat(push.get(60, TimeUnit.SECONDS).isHandedOff()).isTrue();
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> lastValues().size() == USERS);
			assertThat(lastValues()).allSatisfy((user, value) -> assertThat(value).isEqualTo("first"));
			await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(RunningKafkaLine.relayHealth(relay).status()));
			assertThat(VwoHealthReport.of(outbox).status()).isEqualTo("UP");
			assertThat(output).contains("The VWO Kafka outbox hands dimensions to topic '" + this.topic + "' again");

			// Unresponsive in the middle: new values wait in the outbox, and the relay is cut off.
			kafka.pause();
			List<CompletableFuture<PushResult>> second = push(outbox, "second");
			await().atMost(Duration.ofSeconds(30))
				.until(() -> VwoHealthReport.DEGRADED.equals(VwoHealthReport.of(outbox).status()));
			await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(RunningKafkaLine.relayHealth(relay).status()));
			assertThat(RunningKafkaLine.relayHealth(relay).details().get("kafkaSilence")).isNotEqualTo("PT0S");
			assertThat(second).noneMatch(CompletableFuture::isDone);

			kafka.resume();
			for (CompletableFuture<PushResult> push : second) {
				assertThat(push.get(60, TimeUnit.SECONDS).isHandedOff()).isTrue();
			}
			await().atMost(Duration.ofSeconds(60)).until(() -> lastValues().values().stream().allMatch("second"::equals));
			assertThat(lastValues()).hasSize(USERS);
			assertThat(outbox.state().count(PushReason.OUTBOX)).isEqualTo(2 * USERS);
			assertThat(outbox.state().accepted()).isEqualTo(2 * USERS);
			await().atMost(Duration.ofSeconds(60)).until(() -> "UP".equals(RunningKafkaLine.relayHealth(relay).status()));
		}));
	}

	private static List<CompletableFuture<PushResult>> push(VwoPushEngine outbox, String value) {
		List<CompletableFuture<PushResult>> pushes = new ArrayList<>();
		for (int user = 0; user < USERS; user++) {
			pushes.add(outbox.pushAsync("plan", value, "outage-user-" + user));
		}
		return pushes;
	}

	/** The last value VWO received, by visitor. */
	private Map<String, String> lastValues() {
		Map<String, String> last = new LinkedHashMap<>();
		for (String[] event : VwoEvents.at(this.vwo)) {
			last.put(event[0], event[2]);
		}
		return last;
	}

}
