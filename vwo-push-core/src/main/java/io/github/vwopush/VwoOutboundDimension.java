package io.github.vwopush;

import java.time.Instant;
import java.util.Objects;

/**
 * One accepted, validated dimension as the engine hands it to a {@link VwoOutlet}.
 * {@link #toString()} shows neither the user id, the value nor the visitor's context.
 *
 * @param visitor the user id and what the push said about the visitor
 * @param key the custom dimension key
 * @param value the value's text: what the batch and legacy transports send
 * @param type what the value was pushed as
 * @param acceptedAt when {@code push()} accepted it: VWO's event time
 */
public record VwoOutboundDimension(VwoVisitor visitor, String key, String value, Type type, Instant acceptedAt) {

	/**
	 * Check the components.
	 * @param visitor the user id and the visitor's context
	 * @param key the key
	 * @param value the value's text
	 * @param type the value's type
	 * @param acceptedAt when it was accepted
	 */
	public VwoOutboundDimension {
		Objects.requireNonNull(visitor, "visitor");
		Objects.requireNonNull(key, "key");
		Objects.requireNonNull(value, "value");
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(acceptedAt, "acceptedAt");
	}

	/** Never the user id, the value or the visitor's context: logs must not hold personal data. */
	@Override
	public String toString() {
		return "VwoOutboundDimension[key=" + this.key + ", type=" + this.type + ", acceptedAt=" + this.acceptedAt
				+ "]";
	}

	/** What a value was pushed as. */
	public enum Type {

		/** A {@code String}. */
		STRING,

		/** A number: its text is the number's decimal form. */
		NUMBER,

		/** A {@code Boolean}: its text is {@code true} or {@code false}. */
		BOOLEAN

	}

}
