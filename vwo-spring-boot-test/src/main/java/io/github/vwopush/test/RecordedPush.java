package io.github.vwopush.test;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import org.jspecify.annotations.Nullable;

/**
 * One custom dimension handed to the push service, as {@link VwoPushRecorder} recorded it:
 * a map push of three keys is three of these.
 *
 * @param userId the user id as given; {@code null} when none was, and for a
 * {@code @VwoDimension} whose expression failed
 * @param key the custom dimension key as given
 * @param value the value as given when it is a {@code String}; for a number or boolean its
 * string form (what the batch and legacy transports send: {@code "42"}, {@code "true"}),
 * for a value of an unsupported type its {@code toString()}; {@code null} when none was,
 * and for a {@code @VwoDimension} whose expression failed
 * @param reason {@link PushReason#DELIVERED} when the push was valid, else why it was
 * rejected (the same reason production gives)
 * @param message what production would say about it
 * @param typedValue the value exactly as given, with its type ({@code Integer} 42,
 * {@code Boolean.TRUE}, or the {@code String})
 */
public record RecordedPush(@Nullable String userId, @Nullable String key, @Nullable String value, PushReason reason,
		String message, @Nullable Object typedValue) {

	/**
	 * A push of a string value.
	 * @param userId the user id
	 * @param key the custom dimension key
	 * @param value the value
	 * @param reason the reason
	 * @param message the message
	 */
	public RecordedPush(@Nullable String userId, @Nullable String key, @Nullable String value, PushReason reason,
			String message) {
		this(userId, key, value, reason, message, value);
	}

	/**
	 * The outcome: {@link PushOutcome#DELIVERED} or {@link PushOutcome#REJECTED}.
	 * @return the outcome
	 */
	public PushOutcome outcome() {
		return this.reason.outcome();
	}

	/**
	 * Whether the push was valid (and would have been delivered).
	 * @return {@code true} when delivered
	 */
	public boolean isDelivered() {
		return this.reason == PushReason.DELIVERED;
	}

	/**
	 * Whether the push was rejected as invalid.
	 * @return {@code true} when rejected
	 */
	public boolean isRejected() {
		return outcome() == PushOutcome.REJECTED;
	}

}
