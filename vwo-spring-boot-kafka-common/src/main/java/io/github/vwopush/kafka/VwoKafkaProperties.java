package io.github.vwopush.kafka;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code vwo.kafka.*} properties: whether this instance hands its dimensions to a Kafka
 * topic, relays that topic to VWO, or both. The connection to Kafka (bootstrap servers,
 * security, SASL, TLS) is Spring Boot's own {@code spring.kafka.*}, used as it is.
 */
@ConfigurationProperties("vwo.kafka")
public class VwoKafkaProperties {

	/** Whether the Kafka outbox and relay are on; nothing is created while off. */
	private boolean enabled;

	/** Topic the outbox produces dimensions to and the relay consumes them from. */
	private String topic = "vwo-push";

	/** Topic the relay sends records to that VWO refused for good or that it could not read. */
	private String deadLetterTopic = "vwo-push.dlt";

	/** What this instance does with the topic. */
	private Role role = Role.BOTH;

	private final Relay relay = new Relay();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getTopic() {
		return this.topic;
	}

	public void setTopic(String topic) {
		this.topic = topic;
	}

	public String getDeadLetterTopic() {
		return this.deadLetterTopic;
	}

	public void setDeadLetterTopic(String deadLetterTopic) {
		this.deadLetterTopic = deadLetterTopic;
	}

	public Role getRole() {
		return this.role;
	}

	public void setRole(Role role) {
		this.role = role;
	}

	public Relay getRelay() {
		return this.relay;
	}

	/** What an instance does with the topic. */
	public enum Role {

		/** Hand accepted dimensions to the topic instead of sending them to VWO. */
		PRODUCER,

		/** Deliver the topic's records to VWO; the application's own pushes go to VWO directly. */
		RELAY,

		/** Both: hand dimensions to the topic and relay it. */
		BOTH;

		boolean produces() {
			return this != RELAY;
		}

		boolean relays() {
			return this != PRODUCER;
		}

	}

	/** The relay's consumer. */
	public static class Relay {

		/** Consumer group of the relays; partitions are shared among its members. */
		private String groupId = "vwo-push-relay";

		/**
		 * How long the relay waits for VWO's answers to one poll's records before it commits
		 * what is final and reads the rest again; keep it below the consumer's
		 * max.poll.interval.ms.
		 */
		private Duration answerTimeout = Duration.ofMinutes(2);

		/** How long the relay waits before reading again records VWO has not accepted yet. */
		private Duration redeliveryBackoff = Duration.ofSeconds(1);

		/** Consumer threads of this instance's relay. */
		private int concurrency = 1;

		/**
		 * Most records one poll of a relay's consumer returns (its max.poll.records, whatever
		 * spring.kafka.consumer.max-poll-records says for the application's own listeners): a
		 * poll is pushed and answered as one, so it is what one consumer thread has in flight.
		 */
		private int maxPollRecords = 5000;

		public String getGroupId() {
			return this.groupId;
		}

		public void setGroupId(String groupId) {
			this.groupId = groupId;
		}

		public Duration getAnswerTimeout() {
			return this.answerTimeout;
		}

		public void setAnswerTimeout(Duration answerTimeout) {
			this.answerTimeout = answerTimeout;
		}

		public Duration getRedeliveryBackoff() {
			return this.redeliveryBackoff;
		}

		public void setRedeliveryBackoff(Duration redeliveryBackoff) {
			this.redeliveryBackoff = redeliveryBackoff;
		}

		public int getConcurrency() {
			return this.concurrency;
		}

		public void setConcurrency(int concurrency) {
			if (concurrency < 1) {
				throw new IllegalArgumentException("vwo.kafka.relay.concurrency must be at least 1, was " + concurrency);
			}
			this.concurrency = concurrency;
		}

		public int getMaxPollRecords() {
			return this.maxPollRecords;
		}

		public void setMaxPollRecords(int maxPollRecords) {
			if (maxPollRecords < 1) {
				throw new IllegalArgumentException(
						"vwo.kafka.relay.max-poll-records must be at least 1, was " + maxPollRecords);
			}
			this.maxPollRecords = maxPollRecords;
		}

	}

}
