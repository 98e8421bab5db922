package io.github.vwopush.kafka;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/** Matches when {@code vwo.kafka.role} includes the relay ({@code relay = true}) or the producer side. */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnKafkaRoleCondition.class)
@interface ConditionalOnKafkaRole {

	/**
	 * Which side.
	 * @return {@code true} for the relay, {@code false} for the producer (the outbox)
	 */
	boolean relay();

}
