package io.github.vwopush.internal.spool;

import io.github.vwopush.internal.protocol.ValueType;
import org.jspecify.annotations.Nullable;

/**
 * One push call as the spool stores it.
 *
 * @param seq its sequence number in the spool
 * @param userId the user id
 * @param acceptedAtMillis when it was pushed
 * @param keys the keys
 * @param values the values (string forms)
 * @param types the values' types, or {@code null} when all are strings (every record an
 * earlier version wrote)
 */
public record SpooledPush(long seq, String userId, long acceptedAtMillis, String[] keys, String[] values,
		ValueType @Nullable [] types) {

}
