package io.github.vwopush;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Pushes VWO custom dimensions ("post-segmentation" tags) for a user.
 * <p>
 * Every method returns at once: the caller's thread validates the input and hands it to a
 * bounded in-memory queue, and a background sender talks to VWO. No method throws for bad
 * input; an invalid entry is rejected with a reason instead. Every dimension handed to the
 * service ends in exactly one {@link PushOutcome}.
 * <p>
 * Values are strings, numbers or booleans. The event architecture keeps a number's or a
 * boolean's type (a JSON number or boolean); the batch and legacy transports send its
 * string form ({@link io.github.vwopush.internal.protocol.ValueType}), to which the 255-character
 * limit applies. NaN and infinities are rejected. The typed single-value methods default to
 * the map form, so an implementation (a test double) only needs the map methods.
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
	 * Push one custom dimension with a numeric value, which keeps its type where the
	 * transport can carry it.
	 * @param customDimensionKey the custom dimension key, 1 to 255 characters
	 * @param customDimensionValue an {@code Integer}, {@code Long}, {@code Short},
	 * {@code Byte}, {@code BigInteger}, {@code BigDecimal}, or a finite {@code Double} or
	 * {@code Float}, whose string form has at most 255 characters
	 * @param userId the user id, 1 to 255 characters
	 * @return as {@link #push(String, String, String)}
	 */
	default boolean push(String customDimensionKey, Number customDimensionValue, String userId) {
		return Boolean.TRUE
			.equals(push(Collections.singletonMap(customDimensionKey, customDimensionValue), userId).get(customDimensionKey));
	}

	/**
	 * Push one custom dimension with a boolean value, which keeps its type where the
	 * transport can carry it.
	 * @param customDimensionKey the custom dimension key, 1 to 255 characters
	 * @param customDimensionValue the value; {@code null} is rejected
	 * @param userId the user id, 1 to 255 characters
	 * @return as {@link #push(String, String, String)}
	 */
	default boolean push(String customDimensionKey, Boolean customDimensionValue, String userId) {
		return Boolean.TRUE
			.equals(push(Collections.singletonMap(customDimensionKey, customDimensionValue), userId).get(customDimensionKey));
	}

	/**
	 * Push several custom dimensions for one user. Each entry is validated on its own; an
	 * invalid entry (an unsupported value type included) does not affect the others, and
	 * the caller's map is never modified.
	 * @param customDimensionMap keys and values: {@code String}s, {@code Boolean}s or the
	 * numbers {@link #push(String, Number, String)} accepts
	 * @param userId the user id, 1 to 255 characters
	 * @return one entry per key, in the map's iteration order, {@code true} when that entry
	 * was queued for delivery
	 */
	Map<String, Boolean> push(Map<String, ?> customDimensionMap, String userId);

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
	 * Push one custom dimension with a numeric value and follow it to its final outcome.
	 * @param customDimensionKey the custom dimension key
	 * @param customDimensionValue the value, as {@link #push(String, Number, String)}
	 * @param userId the user id
	 * @return as {@link #pushAsync(String, String, String)}
	 */
	default CompletableFuture<PushResult> pushAsync(String customDimensionKey, Number customDimensionValue,
			String userId) {
		return pushAsync(Collections.singletonMap(customDimensionKey, customDimensionValue), userId);
	}

	/**
	 * Push one custom dimension with a boolean value and follow it to its final outcome.
	 * @param customDimensionKey the custom dimension key
	 * @param customDimensionValue the value; {@code null} is rejected
	 * @param userId the user id
	 * @return as {@link #pushAsync(String, String, String)}
	 */
	default CompletableFuture<PushResult> pushAsync(String customDimensionKey, Boolean customDimensionValue,
			String userId) {
		return pushAsync(Collections.singletonMap(customDimensionKey, customDimensionValue), userId);
	}

	/**
	 * Push several custom dimensions for one user and follow them to their final outcome.
	 * @param customDimensionMap keys and values, as {@link #push(Map, String)}
	 * @param userId the user id
	 * @return a future that always completes (never exceptionally) once every entry has
	 * its final outcome
	 */
	CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, String userId);

	/**
	 * Push custom dimensions for a visitor with its session id, user agent or IP address
	 * (FME's user context). Validated like the other forms; an invalid session id, user
	 * agent or IP address rejects every entry ({@code invalid_visitor}).
	 * Implementations that do not carry the context push for {@code visitor.userId()}.
	 * @param customDimensionMap the dimensions; values as in {@link #push(Map, String)}
	 * @param visitor the visitor
	 * @return as {@link #push(Map, String)}
	 */
	default Map<String, Boolean> push(Map<String, ?> customDimensionMap, VwoVisitor visitor) {
		return push(customDimensionMap, visitor.userId());
	}

	/**
	 * Push custom dimensions for a visitor with its context, and learn each one's outcome.
	 * @param customDimensionMap the dimensions
	 * @param visitor the visitor
	 * @return as {@link #pushAsync(Map, String)}
	 * @see #push(Map, VwoVisitor)
	 */
	default CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, VwoVisitor visitor) {
		return pushAsync(customDimensionMap, visitor.userId());
	}

	/**
	 * Wait until every dimension accepted before this call has its final outcome. Unlike
	 * the push methods this blocks the calling thread, for at most {@code timeout}.
	 * @param timeout how long to wait at most
	 * @return {@code true} when everything accepted before the call reached its final
	 * outcome in time
	 */
	boolean flush(Duration timeout);

}
