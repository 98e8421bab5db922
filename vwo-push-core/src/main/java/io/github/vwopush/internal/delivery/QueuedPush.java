package io.github.vwopush.internal.delivery;

import io.github.vwopush.internal.protocol.ValueType;
import io.github.vwopush.internal.protocol.VisitorContext;
import org.jspecify.annotations.Nullable;

/**
 * The valid dimensions of one push call, waiting for the sender.
 */
final class QueuedPush implements QueueItem {

	final String userId;

	final String[] keys;

	/** The values' string forms: what the batch and legacy transports send. */
	final String[] values;

	/** The values' types, or {@code null} when all are strings (the common case costs nothing). */
	final ValueType @Nullable [] types;

	/** Wall-clock time of the push: VWO's event time. */
	final long acceptedAtMillis;

	/** Monotonic time of the push: what linger is measured from, immune to clock steps. */
	final long acceptedAtNanos;

	final @Nullable PushCompletion completion;

	/** Approximate heap held by this push: object headers plus two bytes per character. */
	final long estimatedBytes;

	/** Sequence number in the disk spool, or -1 when not spooled. Sender thread only. */
	long spoolSeq = -1;

	/** Dimensions without a final outcome yet: slices of one push may settle in any order. Sender thread only. */
	int unsettled;

	/** Whether a slice of it was left in the spool at shutdown: then its record must stay. Sender thread only. */
	boolean keptInSpool;

	/** Dimensions already taken into requests; the rest waits in the batch assembler. Sender thread only. */
	int taken;

	/**
	 * What the push says about the visitor besides its id, or {@code null}. Set before the
	 * push is queued; not kept in the spool across a restart.
	 */
	@Nullable VisitorContext visitor;

	/** Computed once by the sender thread, which alone reads it. */
	@Nullable String visitorUuid;

	QueuedPush(String userId, String[] keys, String[] values, long acceptedAtMillis, long acceptedAtNanos,
			@Nullable PushCompletion completion) {
		this(userId, keys, values, null, acceptedAtMillis, acceptedAtNanos, completion);
	}

	QueuedPush(String userId, String[] keys, String[] values, ValueType @Nullable [] types, long acceptedAtMillis,
			long acceptedAtNanos, @Nullable PushCompletion completion) {
		this.userId = userId;
		this.keys = keys;
		this.values = values;
		this.types = types;
		this.acceptedAtMillis = acceptedAtMillis;
		this.acceptedAtNanos = acceptedAtNanos;
		this.completion = completion;
		this.estimatedBytes = estimateBytes(userId, keys, values);
		this.unsettled = keys.length;
	}

	/** Approximate heap of a push: object headers plus two bytes per character. */
	static long estimateBytes(String userId, String[] keys, String[] values) {
		long chars = userId.length();
		for (int i = 0; i < keys.length; i++) {
			chars += keys[i].length() + values[i].length();
		}
		return 96 + 48L * keys.length + 2 * chars;
	}

	ValueType type(int index) {
		return (this.types != null) ? this.types[index] : ValueType.STRING;
	}

	int size() {
		return this.keys.length;
	}

}
