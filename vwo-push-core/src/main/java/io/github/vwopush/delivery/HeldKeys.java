package io.github.vwopush.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The user keys that requests in flight (or waiting to be retried) carry, counted per
 * dimension: a later value of one of them must wait until the earlier one is final, so it
 * can never overtake it. Sender thread only.
 */
final class HeldKeys {

	private final Map<UserKey, Integer> held = new HashMap<>();

	void hold(List<Slice> slices) {
		for (Slice slice : slices) {
			slice.held = true;
			for (int i = slice.from; i < slice.to; i++) {
				this.held.merge(UserKey.of(slice.push, i), 1, Integer::sum);
			}
		}
	}

	void release(Slice slice) {
		if (!slice.held) {
			return;
		}
		slice.held = false;
		for (int i = slice.from; i < slice.to; i++) {
			this.held.computeIfPresent(UserKey.of(slice.push, i), (key, count) -> (count > 1) ? count - 1 : null);
		}
	}

	boolean contains(UserKey key) {
		return this.held.containsKey(key);
	}

	boolean isEmpty() {
		return this.held.isEmpty();
	}

}
