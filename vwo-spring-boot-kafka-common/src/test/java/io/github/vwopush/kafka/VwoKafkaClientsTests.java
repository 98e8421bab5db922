package io.github.vwopush.kafka;

import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RoundRobinPartitioner;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The module's clients keep the application's Kafka settings (servers, security) and set
 * over them what the outbox's and relay's guarantees need, whatever the application chose
 * for its own producers and listeners.
 */
class VwoKafkaClientsTests {

	@Test
	void theOutboxsProducersAreIdempotentAckAllKeyPartitionedAndNotTransactional() {
		DefaultKafkaProducerFactory<Object, Object> application = new DefaultKafkaProducerFactory<>(Map.of(
				ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093", "security.protocol", "SSL",
				ProducerConfig.ACKS_CONFIG, "1", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false,
				ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-", ProducerConfig.PARTITIONER_CLASS_CONFIG,
				RoundRobinPartitioner.class, ProducerConfig.CLIENT_ID_CONFIG, "pricing"));

		Map<String, Object> config = VwoKafkaClients.producers(application, "vwo-outbox").getConfigurationProperties();

		assertThat(config).containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
			.containsEntry("security.protocol", "SSL")
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all")
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.CLIENT_ID_CONFIG, "pricing-vwo-outbox")
			.doesNotContainKeys(ProducerConfig.TRANSACTIONAL_ID_CONFIG, ProducerConfig.PARTITIONER_CLASS_CONFIG);
	}

	/**
	 * One request in flight, whatever the application set: an idempotent producer keeps order
	 * with more only while the broker knows it, and a broker that does not yet (the
	 * producer's first records on a partition) takes any sequence. RelayFaultScheduleTests
	 * seed 4012 (a topic just created): the first request, value 1, was answered
	 * NOT_LEADER_OR_FOLLOWER and retried; the next, values 2 and 3, was taken first (the
	 * broker then refused value 1 with OutOfOrderSequenceException until the outbox sent the
	 * batch again), and the topic held 2, 3, 1, 2, 3: VWO received 2 and 3 before 1.
	 */
	@Test
	void theOutboxSendsOneRequestAtATimeSoARetriedFirstRequestIsNeverOvertaken() {
		DefaultKafkaProducerFactory<Object, Object> application = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
						ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5));

		Map<String, Object> outbox = VwoKafkaClients.producers(application, "vwo-outbox").getConfigurationProperties();

		assertThat(outbox).containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
	}

	@Test
	void theRelaysConsumersStartAtTheEarliestRecordCommitByHandAndPollTheRelaysSize() {
		DefaultKafkaConsumerFactory<Object, Object> application = new DefaultKafkaConsumerFactory<>(Map.of(
				ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093", "security.protocol", "SSL",
				ConsumerConfig.GROUP_ID_CONFIG, "pricing", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
				ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true, ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10));
		VwoKafkaProperties.Relay relay = new VwoKafkaProperties().getRelay();

		Map<String, Object> config = VwoKafkaClients.consumers(application, relay).getConfigurationProperties();

		assertThat(config).containsEntry(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka:9093")
			.containsEntry("security.protocol", "SSL")
			.containsEntry(ConsumerConfig.GROUP_ID_CONFIG, "vwo-push-relay")
			.containsEntry(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest")
			.containsEntry(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)
			.containsEntry(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
	}

}
