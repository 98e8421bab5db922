package io.github.vwopush.kafka;

import java.util.Map;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code vwo.kafka.role} includes the side named by {@link ConditionalOnKafkaRole}:
 * {@code producer} and {@code relay} each match themselves and {@code both}.
 */
final class OnKafkaRoleCondition extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnKafkaRole.class.getName());
		boolean relay = attributes != null && Boolean.TRUE.equals(attributes.get("relay"));
		VwoKafkaProperties.Role role = Binder.get(context.getEnvironment())
			.bind("vwo.kafka.role", VwoKafkaProperties.Role.class)
			.orElse(VwoKafkaProperties.Role.BOTH);
		boolean matches = relay ? role.relays() : role.produces();
		String side = relay ? "relay" : "producer";
		return matches ? ConditionOutcome.match("vwo.kafka.role " + role + " includes " + side)
				: ConditionOutcome.noMatch("vwo.kafka.role " + role + " does not include " + side);
	}

}
