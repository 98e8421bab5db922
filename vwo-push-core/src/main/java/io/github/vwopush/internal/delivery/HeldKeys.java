package io.github.vwopush.internal.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user keys that requests in flight (or waiting to be retried) carry, counted per
 * dimension: a later value of one of them must wait until the earlier one is final, so it
 * can never overtake it. A push's keys are held until the whole push is final, not each
 * key until its own request is: the spool acknowledges a push as a whole, so a push split
 * over two requests and interrupted by a crash is replayed whole, and a newer value of a
 * key delivered in between would be overwritten by the replayed older one. Sender thread
 * only.
 */
final class HeldKeys {

	private final Map<UserKey, Integer> held = new HashMap<>();

	/** The slices go into a request: every dimension a request takes is held. */
	void hold(List<Slice> slices) {
		for (Slice slice : slices) {
			for (int i = slice.from; i < slice.to; i++) {
				this.held.merge(UserKey.of(slice.push, i), 1, Integer::sum);
			}
		}
	}

	/**
	 * The push is final: release the keys of every dimension of it that went into a request
	 * (the first {@link QueuedPush#taken}); those that never did were never held.
	 */
	void release(QueuedPush push) {
		for (int i = 0; i < push.taken; i++) {
			this.held.computeIfPresent(UserKey.of(push, i), (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	boolean contains(UserKey key) {
		return this.held.containsKey(key);
	}

	boolean isEmpty() {
		return this.held.isEmpty();
	}

}
