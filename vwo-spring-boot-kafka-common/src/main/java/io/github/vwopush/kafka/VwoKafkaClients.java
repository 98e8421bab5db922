package io.github.vwopush.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The module's Kafka clients, made from the application's own factories (Spring Boot's,
 * built from {@code spring.kafka.*}: servers, security, SASL, TLS as they are), with only
 * what the outbox and relay need set over them.
 */
final class VwoKafkaClients {

	private VwoKafkaClients() {
	}

	/**
	 * Idempotent, {@code acks=all}, one request in flight per connection, bytes in and out.
	 * Not transactional: the outbox needs no transaction, and a prefix set for the
	 * application's own producers would make every send need one.
	 */
	static DefaultKafkaProducerFactory<byte[], byte[]> producers(ProducerFactory<?, ?> application,
			String clientIdSuffix) {
		Map<String, Object> config = new HashMap<>(application.getConfigurationProperties());
		config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
		config.put(ProducerConfig.ACKS_CONFIG, "all");
		// Idempotence keeps a partition's order with up to five requests in flight only while the broker knows the
		// producer: a broker that does not yet (a producer's first records on a partition) takes any sequence, so when
		// the first request is retried (a leader not yet elected, NOT_LEADER_OR_FOLLOWER) the next one lands first and
		// a (user, key)'s newer value goes before its older one in the topic.
		config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
		config.remove(ProducerConfig.TRANSACTIONAL_ID_CONFIG);
		// The record key (user and dimension key) picks the partition, so that each (user, key) keeps its order:
		// a partitioner the application chose for its own records must not spread one over several.
		config.remove(ProducerConfig.PARTITIONER_CLASS_CONFIG);
		config.remove(ProducerConfig.PARTITIONER_IGNORE_KEYS_CONFIG);
		config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
		clientId(config, ProducerConfig.CLIENT_ID_CONFIG, clientIdSuffix);
		DefaultKafkaProducerFactory<byte[], byte[]> producers = new DefaultKafkaProducerFactory<>(config,
				new ByteArraySerializer(), new ByteArraySerializer());
		// Its one shared producer's close() does nothing: the owner destroys the factory, which closes it.
		producers.setPhysicalCloseTimeout(10);
		return producers;
	}

	/**
	 * The relay's consumers: its group, its poll size, no automatic commit (the relay commits
	 * what VWO accepted), bytes in and out. A group without committed offsets (or whose offsets
	 * expired) starts at the earliest record, whatever the application set in
	 * {@code spring.kafka.consumer.auto-offset-reset} for its own listeners: the latest would
	 * skip, uncounted, what the outbox had handed off.
	 */
	static ConsumerFactory<byte[], byte[]> consumers(ConsumerFactory<?, ?> application,
			VwoKafkaProperties.Relay relay) {
		Map<String, Object> config = new HashMap<>(application.getConfigurationProperties());
		config.put(ConsumerConfig.GROUP_ID_CONFIG, relay.getGroupId());
		config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, relay.getMaxPollRecords());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
		config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
		clientId(config, ConsumerConfig.CLIENT_ID_CONFIG, "vwo-relay");
		return new DefaultKafkaConsumerFactory<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
	}

	private static void clientId(Map<String, Object> config, String property, String suffix) {
		Object application = config.get(property);
		config.put(property, (application != null) ? application + "-" + suffix : suffix);
	}

}
