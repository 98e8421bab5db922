package io.github.vwopush.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.actuate.VwoEndpointContributor;
import io.github.vwopush.health.VwoHealthReport;

/**
 * The relay's part of the {@code vwo} endpoint ({@code extensions.kafkaRelay}): its health
 * status and details, its topic and group, and the exact counts of its own engines (one
 * replaced in a rebalance included), which are what it delivered to VWO, apart from the
 * application's {@code handed_off}.
 */
final class RelayEndpointContributor implements VwoEndpointContributor {

	private final KafkaRelay relay;

	private final VwoKafkaProperties properties;

	RelayEndpointContributor(KafkaRelay relay, VwoKafkaProperties properties) {
		this.relay = relay;
		this.properties = properties;
	}

	@Override
	public String name() {
		return "kafkaRelay";
	}

	@Override
	public Object describe() {
		VwoHealthReport health = RelayHealth.of(this.relay);
		Map<String, Object> part = new LinkedHashMap<>();
		part.put("status", health.status());
		part.put("topic", this.properties.getTopic());
		part.put("deadLetterTopic", this.properties.getDeadLetterTopic());
		part.put("groupId", this.properties.getRelay().getGroupId());
		part.putAll(health.details());
		part.put("pending", this.relay.engineState().pending());
		part.put("dimensions", dimensions());
		return part;
	}

	/** What the relay's engines did with the records' dimensions, those replaced in rebalances included. */
	private Map<String, Object> dimensions() {
		Map<String, Long> results = new LinkedHashMap<>();
		Map<String, Map<String, Long>> reasons = new LinkedHashMap<>();
		for (PushOutcome outcome : PushOutcome.values()) {
			results.put(outcome.tagValue(), 0L);
		}
		for (PushReason reason : PushReason.values()) {
			long count = this.relay.dimensions(reason);
			if (count > 0) {
				results.merge(reason.outcome().tagValue(), count, Long::sum);
				reasons.computeIfAbsent(reason.outcome().tagValue(), (outcome) -> new LinkedHashMap<>())
					.put(reason.tagValue(), count);
			}
		}
		return Map.of("results", results, "reasons", reasons);
	}

}
