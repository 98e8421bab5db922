package io.github.vwopush.internal.delivery;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * The user keys that one pass over pushes in acceptance order may not take: those a request
 * not yet final holds, and every key of a push the pass stepped over, so that a later value
 * of a key never goes before an earlier one. Used by the assembler cutting a request and by
 * a probe's read-back from the spool.
 */
final class BlockedKeys {

	private final Predicate<UserKey> held;

	/** Keys of pushes stepped over; most passes step over none. */
	private @Nullable Set<UserKey> steppedOver;

	BlockedKeys(Predicate<UserKey> held) {
		this.held = held;
	}

	/** Whether a push's keys from {@code from} on include one that may not go now. */
	boolean blocks(String userId, String[] keys, int from) {
		for (int i = from; i < keys.length; i++) {
			UserKey key = new UserKey(userId, keys[i]);
			if (this.held.test(key) || (this.steppedOver != null && this.steppedOver.contains(key))) {
				return true;
			}
		}
		return false;
	}

	/** A push, from {@code from} on, stays where it is: no later value of its keys may go in this pass. */
	void stepOver(String userId, String[] keys, int from) {
		if (this.steppedOver == null) {
			this.steppedOver = new HashSet<>();
		}
		for (int i = from; i < keys.length; i++) {
			this.steppedOver.add(new UserKey(userId, keys[i]));
		}
	}

}
