package io.github.vwopush;

import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The final outcomes of one push call: one {@link DimensionResult} per key, in the order
 * the keys were given.
 *
 * @param dimensions the per-key results
 */
public record PushResult(List<DimensionResult> dimensions) {

	/**
	 * Create a result.
	 * @param dimensions the per-key results
	 */
	public PushResult {
		dimensions = Collections.unmodifiableList(List.copyOf(dimensions));
	}

	/**
	 * Whether every dimension of the call was delivered. A call with no dimensions is not.
	 * @return {@code true} when all were delivered
	 */
	public boolean isDelivered() {
		return !this.dimensions.isEmpty() && this.dimensions.stream().allMatch(DimensionResult::isDelivered);
	}

	/**
	 * Whether every dimension of the call was handed to the engine's outlet (the Kafka
	 * outbox), for a relay to deliver. A call with no dimensions is not.
	 * @return {@code true} when all were handed off
	 */
	public boolean isHandedOff() {
		return !this.dimensions.isEmpty() && this.dimensions.stream().allMatch(DimensionResult::isHandedOff);
	}

	/**
	 * The result for one key.
	 * @param key the custom dimension key
	 * @return the result, or {@code null} when the call had no such key
	 */
	public @Nullable DimensionResult get(@Nullable String key) {
		for (DimensionResult result : this.dimensions) {
			if (key == null ? result.key() == null : key.equals(result.key())) {
				return result;
			}
		}
		return null;
	}

	/**
	 * The single result of a one-dimension call.
	 * @return the first result
	 * @throws IllegalStateException when the call had no dimensions
	 */
	public DimensionResult single() {
		if (this.dimensions.isEmpty()) {
			throw new IllegalStateException("The push call had no dimensions");
		}
		return this.dimensions.get(0);
	}

}
