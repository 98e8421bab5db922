package io.github.vwopush.kafka;

import java.util.Map;

import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.core.DefaultKafkaProducerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the module sets over the application's own Kafka client settings.
 */
class VwoKafkaClientsTests {

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
		DefaultKafkaProducerFactory<String, String> application = new DefaultKafkaProducerFactory<>(
				Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:9092",
						ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5, ProducerConfig.ACKS_CONFIG, "1",
						ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false),
				new StringSerializer(), new StringSerializer());
		Map<String, Object> outbox = VwoKafkaClients.producers(application, "vwo-outbox").getConfigurationProperties();
		assertThat(outbox).containsEntry(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1)
			.containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
			.containsEntry(ProducerConfig.ACKS_CONFIG, "all");
	}

}
