package io.github.vwopush.kafka;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoOutboundDimension;
import io.github.vwopush.VwoPlatform;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushState;
import io.github.vwopush.VwoVisitor;
import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.autoconfigure.VwoEndpointAutoConfiguration;
import io.github.vwopush.health.VwoHealthReport;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.kafka.test.utils.KafkaTestUtils;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox and the relay end to end, against a real Kafka broker in this JVM (KRaft) and
 * WireMock as VWO: one application context hands its dimensions to the topic, another relays
 * them, as two instances of a fleet would.
 */
@EmbeddedKafka(partitions = 3)
class OutboxRelayTests {

	private static final String BATCH_EVENTS = VwoEvents.BATCH_EVENTS;

	private final WireMockServer vwo = new WireMockServer(wireMockConfig().dynamicPort());

	private final String topic = "dimensions-" + UUID.randomUUID();

	private final String deadLetterTopic = this.topic + ".dlt";

	private final String group = "relay-" + UUID.randomUUID();

	/** Held here: Awaitility polls on a thread of its own, which the broker's JUnit extension does not see. */
	private EmbeddedKafkaBroker broker;

	@BeforeEach
	void startVwo(EmbeddedKafkaBroker broker) {
		this.broker = broker;
		this.vwo.start();
		this.vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		vwoAnswers(200);
	}

	@AfterEach
	void stopVwo() {
		this.vwo.stop();
	}

	private void vwoAnswers(int status) {
		this.vwo.stubFor(post(urlPathEqualTo(BATCH_EVENTS)).willReturn(aResponse().withStatus(status)));
	}

	private EmbeddedKafkaBroker broker() {
		return this.broker;
	}

	private ApplicationContextRunner instance(String role, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(RunningKafkaLine.kafkaAndVwo())
			.withConfiguration(AutoConfigurations.of(VwoEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=vwo")
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=relay-test-sdk-key",
					"vwo.base-url=" + this.vwo.baseUrl(), "vwo.batch.linger=20ms", "vwo.shutdown.timeout=1s",
					"vwo.retry.initial-backoff=50ms", "vwo.retry.max-backoff=200ms",
					"spring.kafka.bootstrap-servers=" + broker().getBrokersAsString(), "vwo.kafka.enabled=true",
					"vwo.kafka.role=" + role, "vwo.kafka.topic=" + this.topic,
					"vwo.kafka.dead-letter-topic=" + this.deadLetterTopic, "vwo.kafka.relay.group-id=" + this.group,
					"vwo.kafka.relay.redelivery-backoff=100ms")
			.withPropertyValues(properties);
	}

	@Test
	void dimensionsHandedToTheTopicReachVwoThroughTheRelayInOrderPerUserAndKey() {
		instance("relay").run((relay) -> instance("producer").run((producer) -> {
			VwoPushEngine engine = producer.getBean(VwoPushEngine.class);
			List<CompletableFuture<PushResult>> pushes = new ArrayList<>();
			for (int value = 0; value < 10; value++) {
				for (int user = 0; user < 3; user++) {
					for (String key : List.of("plan", "tier")) {
						pushes.add(engine.pushAsync(key, "v" + value, "user-" + user));
					}
				}
			}
			for (CompletableFuture<PushResult> push : pushes) {
				PushResult result = push.get(30, TimeUnit.SECONDS);
				assertThat(result.isHandedOff()).isTrue();
				assertThat(result.dimensions().get(0).message())
					.isEqualTo("handed to Kafka topic '" + this.topic + "'");
			}

			await().atMost(Duration.ofSeconds(60)).until(() -> eventsAtVwo().size() == 60);
			Map<String, List<String>> valuesByUserKey = new LinkedHashMap<>();
			for (String[] event : eventsAtVwo()) {
				valuesByUserKey.computeIfAbsent(event[0] + "/" + event[1], (userKey) -> new ArrayList<>())
					.add(event[2]);
			}
			assertThat(valuesByUserKey).hasSize(6)
				.allSatisfy((userKey, values) -> assertThat(values).as(userKey)
					.containsExactly("v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9"));
			await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 60);
		}));
	}

	@Test
	void aRecordVwoRefusesForGoodGoesToTheDeadLetterTopicWithItsReasonAndIsCommitted() {
		this.vwo.stubFor(post(urlPathEqualTo(BATCH_EVENTS)).withRequestBody(containing("refused"))
			.willReturn(aResponse().withStatus(400).withBody("invalid tag")));
		instance("both").run((instance) -> {
			VwoPushEngine engine = instance.getBean(VwoPushEngine.class);
			assertThat(engine.pushAsync("plan", "refused", "user-dlt").get(30, TimeUnit.SECONDS).isHandedOff())
				.isTrue();

			ConsumerRecord<byte[], byte[]> dead = deadLetters(1).get(0);
			assertThat(new String(dead.key(), StandardCharsets.UTF_8)).isEqualTo("user-dlt\0plan");
			assertThat(header(dead, KafkaRelay.REASON_HEADER)).isEqualTo("http_4xx: VWO answered HTTP 400: invalid tag");
			assertThat(header(dead, KafkaRelay.TOPIC_HEADER)).isEqualTo(this.topic);
			assertThat(DimensionRecord.read(dead.value()).dimension().value()).isEqualTo("refused");

			// Final, so committed: the relay goes on with what follows.
			await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 1);
			assertThat(engine.pushAsync("plan", "gold", "user-ok").get(30, TimeUnit.SECONDS).isHandedOff()).isTrue();
			await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 2);
			assertThat(eventsAtVwo()).extracting((event) -> event[2]).containsExactly("refused", "gold");
		});
	}

	/**
	 * A 401 or 403 is about the relay's SDK key, not the record (a bad secret, a key rotated
	 * in VWO first): records are read again until it is fixed, never sent to the dead-letter
	 * topic and committed.
	 */
	@Test
	void aRelayWhoseKeyVwoRefusesReadsTheRecordsAgainInsteadOfDeadLetteringThem() {
		this.vwo.stubFor(post(urlPathEqualTo(BATCH_EVENTS)).willReturn(aResponse().withStatus(401)));
		instance("both", "vwo.kafka.relay.redelivery-backoff=50ms").run((instance) -> {
			VwoPushEngine engine = instance.getBean(VwoPushEngine.class);
			assertThat(engine.pushAsync("plan", "gold", "user-key").get(30, TimeUnit.SECONDS).isHandedOff()).isTrue();
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.vwo.findAll(postRequestedFor(urlPathEqualTo(BATCH_EVENTS))).size() >= 3);
			assertThat(committed()).isZero();
			assertThat(RunningKafkaLine.relayHealth(instance).status()).isEqualTo(VwoHealthReport.CREDENTIALS_REJECTED);
			vwoAnswers(200);
			await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 1);
			assertThat(instance.getBean(KafkaRelay.class).progress().deadLetteredRecords()).isZero();
		});
	}

	@Test
	void anUnreadableRecordGoesToTheDeadLetterTopicAndTheRecordsAfterItAreDelivered() throws Exception {
		try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaTestUtils.producerProps(broker()),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(this.topic, 0, "k".getBytes(StandardCharsets.UTF_8),
					"garbage".getBytes(StandardCharsets.UTF_8))).get(30, TimeUnit.SECONDS);
		}
		instance("both").run((instance) -> {
			ConsumerRecord<byte[], byte[]> dead = deadLetters(1).get(0);
			assertThat(header(dead, KafkaRelay.REASON_HEADER))
				.isEqualTo("unreadable: not a VWO dimension record (first byte 103)");
			assertThat(header(dead, KafkaRelay.PARTITION_HEADER)).isEqualTo("0");
			assertThat(header(dead, KafkaRelay.OFFSET_HEADER)).isEqualTo("0");
			assertThat(dead.value()).isEqualTo("garbage".getBytes(StandardCharsets.UTF_8));

			VwoPushEngine engine = instance.getBean(VwoPushEngine.class);
			assertThat(engine.pushAsync("plan", "gold", "user-1").get(30, TimeUnit.SECONDS).isHandedOff()).isTrue();
			await().atMost(Duration.ofSeconds(30)).until(() -> eventsAtVwo().size() == 1 && committed() == 2);
		});
	}

	/**
	 * VWO's event time is when the producing instance accepted the dimension, however late a
	 * relay delivers it: the batch event's {@code sId} (no session id given) is that time.
	 */
	@Test
	void theRelayDatesEachEventWhenTheProducingInstanceAcceptedIt() throws Exception {
		Instant anHourAgo = Instant.now().minus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
		DimensionRecord record = new DimensionRecord(123456, VwoPlatform.FULLSTACK, new VwoOutboundDimension(
				VwoVisitor.of("user-late"), "plan", "gold", VwoOutboundDimension.Type.STRING, anHourAgo));
		try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(KafkaTestUtils.producerProps(broker()),
				new ByteArraySerializer(), new ByteArraySerializer())) {
			raw.send(new ProducerRecord<>(this.topic, record.key(), record.value())).get(30, TimeUnit.SECONDS);
		}
		instance("relay").run((relay) -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 1);
			List<LoggedRequest> requests = this.vwo.findAll(postRequestedFor(urlPathEqualTo(BATCH_EVENTS)));
			assertThat(requests).hasSize(1);
			assertThat(requests.get(0).getBodyAsString()).contains("\"sId\":" + anHourAgo.getEpochSecond() + "}");
		});
	}

	@Test
	void offsetsWaitForVwoSoARelayRestartedDuringAnOutageReadsTheRecordsAgain() {
		vwoAnswers(503);
		instance("producer").run((producer) -> {
			VwoPushEngine engine = producer.getBean(VwoPushEngine.class);
			for (int user = 0; user < 3; user++) {
				assertThat(engine.pushAsync("plan", "gold", "user-" + user).get(30, TimeUnit.SECONDS).isHandedOff())
					.isTrue();
			}
			// The producer's vwo endpoint counts them handed off, not delivered, and has no relay part.
			VwoEndpoint.VwoDescriptor endpoint = producer.getBean(VwoEndpoint.class).vwo();
			assertThat(endpoint.counts().results()).containsEntry("handed_off", 3L).containsEntry("success", 0L);
			assertThat(endpoint.extensions()).isEmpty();
		});
		instance("relay", "vwo.kafka.relay.answer-timeout=300ms").run((relay) -> {
			// VWO refused the records again and again, past the relay's answer timeout: it read them again, and
			// committed nothing.
			await().atMost(Duration.ofSeconds(30))
				.until(() -> this.vwo.findAll(postRequestedFor(urlPathEqualTo(BATCH_EVENTS))).size() >= 6);
			assertThat(committed()).isZero();
			// Its meters and health say so: the three records behind, read again, VWO failing.
			MeterRegistry meters = relayMeters(relay);
			await().atMost(Duration.ofSeconds(30)).until(() -> meters.get(VwoKafkaRelayMeters.LAG).gauge().value() == 3);
			assertThat(meters.get(VwoKafkaRelayMeters.RECORDS).tag("outcome", "read_again").functionCounter().count())
				.isPositive();
			assertThat(meters.get(VwoKafkaRelayMeters.OUTAGE).timeGauge().value(TimeUnit.MILLISECONDS)).isPositive();
			VwoHealthReport health = RunningKafkaLine.relayHealth(relay);
			assertThat(health.status()).isEqualTo(VwoHealthReport.DEGRADED);
			assertThat(health.details()).containsEntry("lag", 3L).containsEntry("delivered", 0L);
		});
		this.vwo.resetRequests();
		vwoAnswers(200);
		instance("relay").run((relay) -> {
			await().atMost(Duration.ofSeconds(60)).until(() -> committed() == 3);
			assertThat(eventsAtVwo()).extracting((event) -> event[2]).containsExactly("gold", "gold", "gold");
			MeterRegistry meters = relayMeters(relay);
			await().atMost(Duration.ofSeconds(30)).until(() -> meters.get(VwoKafkaRelayMeters.LAG).gauge().value() == 0);
			assertThat(meters.get(VwoKafkaRelayMeters.RECORDS).tag("outcome", "delivered").functionCounter().count())
				.isEqualTo(3);
			assertThat(meters.get(VwoKafkaRelayMeters.DIMENSIONS).tag("result", "success").functionCounter().count())
				.isEqualTo(3);
			VwoHealthReport health = RunningKafkaLine.relayHealth(relay);
			assertThat(health.status()).isEqualTo("UP");
			assertThat(health.details()).containsEntry("lag", 0L).containsEntry("delivered", 3L)
				.containsEntry("outageAge", "PT0S");
			// Its part of the vwo endpoint: what relays delivered, apart from the application's own counts.
			VwoEndpoint.VwoDescriptor endpoint = relay.getBean(VwoEndpoint.class).vwo();
			assertThat(endpoint.counts().results()).containsEntry("success", 0L).containsEntry("handed_off", 0L);
			assertThat(endpoint.extensions()).containsOnlyKeys("kafkaRelay");
			@SuppressWarnings("unchecked")
			Map<String, Object> part = (Map<String, Object>) endpoint.extensions().get("kafkaRelay");
			assertThat(part).containsEntry("status", "UP").containsEntry("topic", this.topic)
				.containsEntry("groupId", this.group).containsEntry("lag", 0L).containsEntry("delivered", 3L)
				.containsEntry("pending", 0);
			@SuppressWarnings("unchecked")
			Map<String, Map<String, ?>> relayed = (Map<String, Map<String, ?>>) part.get("dimensions");
			assertThat(relayed.get("results")).isEqualTo(Map.of("success", 3L, "rejected", 0L, "failure", 0L, "handed_off", 0L, "dropped", 0L, "spooled", 0L));
			assertThat(relayed.get("reasons")).containsOnlyKeys("success");
			assertThat(part.toString()).doesNotContain("user-").doesNotContain("relay-test-sdk-key");
		});
	}

	/**
	 * A poll is the relay's batch: its records go to VWO at once, not after the engine's
	 * linger, which would hold every poll (and the next, which waits for this one's answers)
	 * for that long.
	 */
	@Test
	void aPollsRecordsGoToVwoAtOnceNotAfterTheEnginesLinger() {
		instance("producer").run((producer) -> {
			VwoPushEngine engine = producer.getBean(VwoPushEngine.class);
			for (int user = 0; user < 3; user++) {
				assertThat(engine.pushAsync("plan", "gold", "user-" + user).get(30, TimeUnit.SECONDS).isHandedOff())
					.isTrue();
			}
		});
		instance("relay", "vwo.batch.linger=1m").run((relay) -> {
			assertThat(relay).hasNotFailed();
			await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 3);
			assertThat(eventsAtVwo()).hasSize(3);
		});
	}

	/**
	 * Records VWO has not answered for within the answer timeout are read again after
	 * {@code vwo.kafka.relay.redelivery-backoff}, not after the listener container's poll
	 * timeout: the container sleeps a nack's pause in polls of that timeout (5 s by default),
	 * so a shorter backoff waited 5 s (found by RelayFaultScheduleTests: seed 1003 waited 5 s
	 * with everything delivered before committing it).
	 */
	@Test
	void recordsVwoHasNotAnsweredForAreReadAgainAfterTheRedeliveryBackoffNotThePollTimeout() {
		vwoAnswers(503);
		instance("both", "vwo.kafka.relay.answer-timeout=200ms", "vwo.kafka.relay.redelivery-backoff=100ms")
			.run((instance) -> {
				VwoPushEngine engine = instance.getBean(VwoPushEngine.class);
				assertThat(engine.pushAsync("plan", "gold", "user-1").get(30, TimeUnit.SECONDS).isHandedOff()).isTrue();
				RelayProgress progress = instance.getBean(KafkaRelay.class).progress();
				await().atMost(Duration.ofSeconds(30)).until(() -> progress.readAgainRecords() >= 1);
				// Each round: 200 ms for VWO's answer, 100 ms pause. Five more take 1.5 s; with 5 s polls, 25 s.
				await().atMost(Duration.ofSeconds(5)).until(() -> progress.readAgainRecords() >= 6);
			});
	}

	/**
	 * The topic keeps the records, so the relay's engine retries until VWO answers, whatever
	 * the application's retry budget: a push it gave up on would be read again and pushed
	 * after a later value of its key that went meanwhile. And it keeps nothing on disk: the
	 * application's spool directory stays the application's (a second spool there would fail
	 * startup).
	 */
	@Test
	void theRelaysEngineRetriesUntilVwoAnswersAndLeavesTheApplicationsSpoolAlone(@TempDir Path spool) {
		vwoAnswers(503);
		instance("producer").run((producer) -> assertThat(producer.getBean(VwoPushEngine.class)
			.pushAsync("plan", "gold", "user-1")
			.get(30, TimeUnit.SECONDS)
			.isHandedOff()).isTrue());
		instance("relay", "vwo.spool.enabled=true", "vwo.spool.directory=" + spool, "vwo.retry.max-elapsed=300ms",
				"vwo.retry.max-attempts=2")
			.run((relay) -> {
				assertThat(relay.getBean(VwoPushEngine.class).configuration().spoolDirectory()).isEqualTo(spool);
				// Well past two attempts and 300 ms.
				await().atMost(Duration.ofSeconds(30))
					.until(() -> this.vwo.findAll(postRequestedFor(urlPathEqualTo(BATCH_EVENTS))).size() >= 6);
				vwoAnswers(200);
				await().atMost(Duration.ofSeconds(30)).until(() -> committed() == 1);
				VwoPushState state = relay.getBean(KafkaRelay.class).engineState();
				assertThat(state.count(PushOutcome.FAILED)).isZero();
				assertThat(state.count(PushReason.DELIVERED)).isEqualTo(1);
			});
	}

	private static MeterRegistry relayMeters(ApplicationContext relay) {
		MeterRegistry registry = new SimpleMeterRegistry();
		relay.getBean(VwoKafkaRelayMeters.class).bindTo(registry);
		return registry;
	}

	/** The dimensions VWO received, refused ones too, in the order it received them: visitor UUID, key, value. */
	private List<String[]> eventsAtVwo() {
		return VwoEvents.at(this.vwo);
	}

	private long committed() throws Exception {
		long total = 0;
		for (int partition = 0; partition < broker().getPartitionsPerTopic(); partition++) {
			OffsetAndMetadata offset = KafkaTestUtils.getCurrentOffset(broker().getBrokersAsString(), this.group,
					this.topic, partition);
			total += (offset != null) ? offset.offset() : 0;
		}
		return total;
	}

	private List<ConsumerRecord<byte[], byte[]>> deadLetters(int expected) {
		// Spelled out: KafkaTestUtils.consumerProps differs between Spring for Apache Kafka 3.3 and 4.
		Map<String, Object> config = Map.of("bootstrap.servers", broker().getBrokersAsString(), "group.id",
				"dlt-" + UUID.randomUUID(), "enable.auto.commit", false, "auto.offset.reset", "earliest");
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		try (Consumer<byte[], byte[]> consumer = new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())
			.createConsumer()) {
			consumer.subscribe(List.of(this.deadLetterTopic));
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				ConsumerRecords<byte[], byte[]> polled = consumer.poll(Duration.ofMillis(200));
				polled.forEach(records::add);
				return records.size() >= expected;
			});
		}
		return records;
	}

	private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
		return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
	}

}
