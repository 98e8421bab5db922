package io.github.vwopush;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pushes VWO custom dimensions ("post-segmentation" tags) for a user.
 * <p>
 * Every method returns at once: the caller's thread validates the input and hands it to a
 * bounded in-memory queue, and a background sender talks to VWO. No method throws for bad
 * input; an invalid entry is rejected with a reason instead. Every dimension handed to the
 * service ends in exactly one {@link PushOutcome}.
 */
public interface VwoPushService {

	/**
	 * Push one custom dimension.
	 * @param customDimensionKey the custom dimension key, 1 to 255 characters
	 * @param customDimensionValue the value, 1 to 255 characters
	 * @param userId the user id, 1 to 255 characters
	 * @return {@code true} when the input is valid and the dimension was queued for
	 * delivery; {@code false} when it was rejected or could not be queued
	 */
	boolean push(String customDimensionKey, String customDimensionValue, String userId);

	/**
	 * Push several custom dimensions for one user. Each entry is validated on its own; an
	 * invalid entry does not affect the others, and the caller's map is never modified.
	 * @param customDimensionMap keys and values, each 1 to 255 characters
	 * @param userId the user id, 1 to 255 characters
	 * @return one entry per key, in the map's iteration order, {@code true} when that entry
	 * was queued for delivery
	 */
	Map<String, Boolean> push(Map<String, String> customDimensionMap, String userId);

	/**
	 * Push one custom dimension and follow it to its final outcome.
	 * @param customDimensionKey the custom dimension key
	 * @param customDimensionValue the value
	 * @param userId the user id
	 * @return a future that always completes (never exceptionally) once VWO answered, or
	 * once the dimension was rejected, failed or dropped
	 */
	CompletableFuture<PushResult> pushAsync(String customDimensionKey, String customDimensionValue, String userId);

	/**
	 * Push several custom dimensions for one user and follow them to their final outcome.
	 * @param customDimensionMap keys and values
	 * @param userId the user id
	 * @return a future that always completes (never exceptionally) once every entry has
	 * its final outcome
	 */
	CompletableFuture<PushResult> pushAsync(Map<String, String> customDimensionMap, String userId);

	/**
	 * Wait until every dimension accepted before this call has its final outcome. Unlike
	 * the push methods this blocks the calling thread, for at most {@code timeout}.
	 * @param timeout how long to wait at most
	 * @return {@code true} when everything accepted before the call reached its final
	 * outcome in time
	 */
	boolean flush(Duration timeout);

}
