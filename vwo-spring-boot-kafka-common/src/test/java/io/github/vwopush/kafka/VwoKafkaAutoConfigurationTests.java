package io.github.vwopush.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.autoconfigure.VwoPushEngineBuilderCustomizer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.condition.EmbeddedKafkaCondition;
import org.springframework.kafka.test.context.EmbeddedKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the Kafka auto-configuration creates: nothing unless {@code vwo.kafka.enabled=true},
 * then the outbox, the relay or both by {@code vwo.kafka.role}.
 */
@EmbeddedKafka(partitions = 1)
class VwoKafkaAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(RunningKafkaLine.kafkaAndVwo())
		.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=test-sdk-key", "vwo.base-url=http://127.0.0.1:9",
				"vwo.shutdown.timeout=1s", "spring.kafka.bootstrap-servers=" + broker().getBrokersAsString());

	private static EmbeddedKafkaBroker broker() {
		return EmbeddedKafkaCondition.getBroker();
	}

	@Test
	void runWhenNotEnabledShouldCreateNothing() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(VwoPushEngine.class);
			assertThat(context).doesNotHaveBean(VwoKafkaProperties.class);
			assertThat(context).doesNotHaveBean(KafkaOutlet.class);
			assertThat(context).doesNotHaveBean(KafkaRelay.class);
			assertThat(context).doesNotHaveBean(VwoPushEngineBuilderCustomizer.class);
		});
	}

	@Test
	void runWhenEnabledFalseShouldCreateNothing() {
		this.contextRunner.withPropertyValues("vwo.kafka.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaOutlet.class);
			assertThat(context).doesNotHaveBean(KafkaRelay.class);
		});
	}

	@Test
	void runWhenEnabledShouldCreateTheOutboxAndTheRelayByDefault() {
		this.contextRunner.withPropertyValues("vwo.kafka.enabled=true").run((context) -> {
			assertThat(context).hasSingleBean(KafkaOutlet.class);
			assertThat(context).hasSingleBean(VwoPushEngineBuilderCustomizer.class);
			assertThat(context).hasSingleBean(KafkaRelay.class);
			// The relay's engine is its own: the application still has exactly one VwoPushService.
			assertThat(context).hasSingleBean(VwoPushEngine.class);
			assertThat(context.getBean(KafkaRelay.class).isRunning()).isTrue();
		});
	}

	@Test
	void runWhenProducerOnlyShouldNotCreateTheRelay() {
		this.contextRunner.withPropertyValues("vwo.kafka.enabled=true", "vwo.kafka.role=producer").run((context) -> {
			assertThat(context).hasSingleBean(KafkaOutlet.class);
			assertThat(context).doesNotHaveBean(KafkaRelay.class);
			assertThat(context).doesNotHaveBean(VwoKafkaRelayMeters.class);
			assertThat(context).doesNotHaveBean("vwoRelayHealthIndicator");
		});
	}

	@Test
	void runWhenRelayOnlyShouldLeaveTheApplicationsEngineSendingToVwo() {
		this.contextRunner.withPropertyValues("vwo.kafka.enabled=true", "vwo.kafka.role=relay").run((context) -> {
			assertThat(context).doesNotHaveBean(KafkaOutlet.class);
			assertThat(context).doesNotHaveBean(VwoPushEngineBuilderCustomizer.class);
			assertThat(context).hasSingleBean(KafkaRelay.class);
			assertThat(context).hasSingleBean(VwoKafkaRelayMeters.class);
			assertThat(context).hasBean("vwoRelayHealthIndicator");
		});
	}

	@Test
	void runWhenRelayHealthIsDisabledShouldKeepTheRelayWithoutItsHealthIndicator() {
		this.contextRunner
			.withPropertyValues("vwo.kafka.enabled=true", "vwo.kafka.role=relay", "management.health.vwoRelay.enabled=false")
			.run((context) -> {
				assertThat(context).hasSingleBean(KafkaRelay.class);
				assertThat(context).doesNotHaveBean("vwoRelayHealthIndicator");
			});
	}

	@Test
	void runWithoutSpringKafkaShouldCreateNothing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(KafkaTemplate.class))
			.withPropertyValues("vwo.kafka.enabled=true")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean(KafkaOutlet.class);
				assertThat(context).doesNotHaveBean(KafkaRelay.class);
			});
	}

	@Test
	void propertiesBind() {
		this.contextRunner
			.withPropertyValues("vwo.kafka.enabled=true", "vwo.kafka.role=producer", "vwo.kafka.topic=dims",
					"vwo.kafka.dead-letter-topic=dims-dead", "vwo.kafka.relay.group-id=relays",
					"vwo.kafka.relay.answer-timeout=5s", "vwo.kafka.relay.redelivery-backoff=250ms",
					"vwo.kafka.relay.concurrency=3", "vwo.kafka.relay.max-poll-records=800")
			.run((context) -> {
				VwoKafkaProperties properties = context.getBean(VwoKafkaProperties.class);
				assertThat(properties.getTopic()).isEqualTo("dims");
				assertThat(properties.getDeadLetterTopic()).isEqualTo("dims-dead");
				assertThat(properties.getRole()).isEqualTo(VwoKafkaProperties.Role.PRODUCER);
				assertThat(properties.getRelay().getGroupId()).isEqualTo("relays");
				assertThat(properties.getRelay().getAnswerTimeout()).isEqualTo(Duration.ofSeconds(5));
				assertThat(properties.getRelay().getRedeliveryBackoff()).isEqualTo(Duration.ofMillis(250));
				assertThat(properties.getRelay().getConcurrency()).isEqualTo(3);
				assertThat(properties.getRelay().getMaxPollRecords()).isEqualTo(800);
			});
	}

	@Test
	void aRelayConcurrencyBelowOneFailsStartup() {
		this.contextRunner.withPropertyValues("vwo.kafka.enabled=true", "vwo.kafka.relay.concurrency=0")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void theOutboxNeedsAValidAccountIdForItsRecords() {
		this.contextRunner.withPropertyValues("vwo.kafka.enabled=true", "vwo.kafka.role=producer",
				"vwo.account-id=not-a-number")
			.run((context) -> assertThat(context).hasFailed());
	}

	@Test
	void everyPropertyHasGeneratedMetadataWithADescription() throws IOException {
		String metadata = null;
		for (URL url : Collections.list(getClass().getClassLoader()
			.getResources("META-INF/spring-configuration-metadata.json"))) {
			try (InputStream in = url.openStream()) {
				String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
				if (text.contains("\"vwo.kafka.enabled\"")) {
					metadata = text;
				}
			}
		}
		assertThat(metadata).isNotNull();
		for (String property : new String[] { "vwo.kafka.enabled", "vwo.kafka.topic", "vwo.kafka.dead-letter-topic",
				"vwo.kafka.role", "vwo.kafka.relay.group-id", "vwo.kafka.relay.answer-timeout",
				"vwo.kafka.relay.redelivery-backoff", "vwo.kafka.relay.concurrency" }) {
			assertThat(metadata).contains("\"name\": \"" + property + "\"");
		}
		assertThat(metadata).contains("\"description\": \"Whether the Kafka outbox and relay are on");
	}

}
