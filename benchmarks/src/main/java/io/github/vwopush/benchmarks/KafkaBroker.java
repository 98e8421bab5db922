package io.github.vwopush.benchmarks;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * A real Kafka broker (KRaft, one node) in the benchmark's JVM, with the outbox's topic:
 * the broker shares the machine's cores with the instances, as a broker on the same host
 * would.
 */
final class KafkaBroker implements AutoCloseable {

	static final String TOPIC = "vwo-push";

	static final int PARTITIONS = 6;

	private final EmbeddedKafkaKraftBroker broker;

	private KafkaBroker(EmbeddedKafkaKraftBroker broker) {
		this.broker = broker;
	}

	static KafkaBroker start() {
		EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS, TOPIC, TOPIC + ".dlt");
		broker.afterPropertiesSet();
		return new KafkaBroker(broker);
	}

	/** The properties of a fleet member of this broker, in {@code role}. */
	String[] member(String role, String... more) {
		String[] properties = new String[more.length + 3];
		properties[0] = "vwo.kafka.enabled=true";
		properties[1] = "vwo.kafka.role=" + role;
		properties[2] = "spring.kafka.bootstrap-servers=" + this.broker.getBrokersAsString();
		System.arraycopy(more, 0, properties, 3, more.length);
		return properties;
	}

	@Override
	public void close() {
		this.broker.destroy();
	}

}
