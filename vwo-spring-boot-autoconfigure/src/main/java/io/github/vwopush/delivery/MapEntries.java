package io.github.vwopush.delivery;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * The entries of a caller's map, read once into arrays. A map that another thread
 * modifies may change size while it is iterated, or throw
 * ({@code ConcurrentModificationException}); reading it here first means neither can
 * throw into the caller or count a dimension twice.
 *
 * @param keys the keys read, {@code count} of them
 * @param values the values read, {@code count} of them
 * @param count how many entries were read
 * @param failure what stopped the reading, or {@code null} when the map was read to the end
 */
record MapEntries(@Nullable String[] keys, @Nullable String[] values, int count, @Nullable RuntimeException failure) {

	static MapEntries read(Map<String, String> map) {
		int expected = map.size();
		String[] keys = new String[Math.max(expected, 1)];
		String[] values = new String[keys.length];
		int count = 0;
		try {
			for (Map.Entry<String, String> entry : map.entrySet()) {
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
		if (count != expected) {
			// It changed under us; a weakly consistent iterator may even have shown a key twice.
			return withoutRepeatedKeys(keys, values, count);
		}
		return new MapEntries(keys, values, count, null);
	}

	private static MapEntries withoutRepeatedKeys(String[] keys, String[] values, int count) {
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
