package io.github.vwopush.delivery;

import org.jspecify.annotations.Nullable;

/**
 * The valid dimensions of one push call, waiting for the sender.
 */
final class QueuedPush implements QueueItem {

	final String userId;

	final String[] keys;

	final String[] values;

	final long acceptedAtMillis;

	final @Nullable PushCompletion completion;

	/** Computed once by the sender thread, which alone reads it. */
	@Nullable String visitorUuid;

	QueuedPush(String userId, String[] keys, String[] values, long acceptedAtMillis,
			@Nullable PushCompletion completion) {
		this.userId = userId;
		this.keys = keys;
		this.values = values;
		this.acceptedAtMillis = acceptedAtMillis;
		this.completion = completion;
	}

	int size() {
		return this.keys.length;
	}

}
