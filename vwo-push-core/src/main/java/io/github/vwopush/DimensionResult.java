package io.github.vwopush;

import org.jspecify.annotations.Nullable;

/**
 * The final outcome of one custom dimension.
 *
 * @param key the custom dimension key as given (may be {@code null} when a null key was
 * rejected)
 * @param reason why it ended this way; {@link PushReason#outcome()} gives the outcome
 * @param message a human-readable explanation; never contains the SDK key or the user id
 */
public record DimensionResult(@Nullable String key, PushReason reason, String message) {

	/**
	 * The outcome of this dimension.
	 * @return the outcome
	 */
	public PushOutcome outcome() {
		return this.reason.outcome();
	}

	/**
	 * Whether VWO accepted the request that carried this dimension.
	 * @return {@code true} when delivered
	 */
	public boolean isDelivered() {
		return this.reason == PushReason.DELIVERED;
	}

	/**
	 * Whether the engine's outlet (the Kafka outbox) acknowledged this dimension: it is held
	 * there for a relay to deliver, not yet delivered to VWO.
	 * @return {@code true} when handed off
	 */
	public boolean isHandedOff() {
		return this.reason == PushReason.OUTBOX;
	}

}
