/**
 * The Kafka outbox and relay (opt-in, {@code vwo.kafka.enabled=true}).
 * <ul>
 * <li>outbox: {@code KafkaOutlet}, a {@link io.github.vwopush.VwoOutlet} the application's
 * engine hands its batches to (on its sender thread's behalf, never the caller's), producing
 * one record a dimension;</li>
 * <li>relay: {@code KafkaRelay}, a consumer group that pushes each record through its own
 * engine to VWO and commits a partition's offset only once every record up to it is final
 * (delivered, or in the dead-letter topic);</li>
 * <li>the record: {@code DimensionRecord} (format version 1, docs/protocol.md section 8);</li>
 * <li>configuration: {@link io.github.vwopush.kafka.VwoKafkaProperties},
 * {@link io.github.vwopush.kafka.VwoKafkaAutoConfiguration}, {@code OnKafkaRoleCondition}.</li>
 * </ul>
 */
@NullMarked
package io.github.vwopush.kafka;

import org.jspecify.annotations.NullMarked;
