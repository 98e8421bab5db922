package io.github.vwopush.kafka;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.actuate.VwoEndpointContributor;
import io.github.vwopush.health.VwoHealthReport;

/**
 * The relay's part of the {@code vwo} endpoint ({@code extensions.kafkaRelay}): its health
 * status and details, its topic and group, and the exact counts of its own engine, which
 * are what relays delivered to VWO, apart from the application's {@code handed_off}.
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
		part.put("counts", VwoEndpoint.CountsDescriptor.of(this.relay.engineState()));
		return part;
	}

}
