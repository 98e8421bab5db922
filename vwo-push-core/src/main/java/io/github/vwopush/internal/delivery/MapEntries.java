package io.github.vwopush.internal.delivery;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The entries of a caller's map, read once into arrays. A map that another thread
 * modifies may change size while it is iterated, or throw
 * ({@code ConcurrentModificationException}), and a map of some framework may throw from
 * {@code size()} itself; reading it here first means none of that can throw into the
 * caller or count a dimension twice.
 *
 * @param keys the keys read, {@code count} of them
 * @param values the values read (any type: validation decides), {@code count} of them
 * @param count how many entries were read
 * @param failure what stopped the reading, or {@code null} when the map was read to the end
 */
record MapEntries(@Nullable String[] keys, @Nullable Object[] values, int count, @Nullable RuntimeException failure) {

	/** Arrays start at most this long, whatever size() claims; they grow as entries come. */
	private static final int MAX_INITIAL_LENGTH = 64;

	private static final int SMALL = 16;

	static MapEntries read(Map<String, ?> map) {
		String[] keys = new String[0];
		Object[] values = keys;
		int count = 0;
		int expected = -1;
		try {
			expected = map.size();
			keys = new String[Math.max(1, Math.min(expected, MAX_INITIAL_LENGTH))];
			values = new Object[keys.length];
			for (Map.Entry<String, ?> entry : map.entrySet()) {
				if (count == keys.length) {
					keys = Arrays.copyOf(keys, count * 2);
					values = Arrays.copyOf(values, count * 2);
				}
				keys[count] = entry.getKey();
				values[count] = entry.getValue();
				count++;
			}
		}
		catch (RuntimeException ex) {
			return new MapEntries(keys, values, count, ex);
		}
		// A map changed under us may have shown a key twice (a weakly consistent iterator during a resize does),
		// even when the count matches; one push must never carry a key twice.
		if (count > SMALL) {
			return withoutRepeatedKeys(keys, values, count);
		}
		return hasRepeatedKey(keys, count) ? withoutRepeatedKeys(keys, values, count)
				: new MapEntries(keys, values, count, null);
	}

	/** Pairwise, for the small maps pushes carry: no allocation. */
	private static boolean hasRepeatedKey(String[] keys, int count) {
		for (int i = 1; i < count; i++) {
			for (int j = 0; j < i; j++) {
				if (java.util.Objects.equals(keys[i], keys[j])) {
					return true;
				}
			}
		}
		return false;
	}

	private static MapEntries withoutRepeatedKeys(String[] keys, Object[] values, int count) {
		Set<String> seen = new HashSet<>();
		int kept = 0;
		for (int i = 0; i < count; i++) {
			if (seen.add(keys[i])) {
				keys[kept] = keys[i];
				values[kept] = values[i];
				kept++;
			}
		}
		return new MapEntries(keys, values, kept, null);
	}

}
