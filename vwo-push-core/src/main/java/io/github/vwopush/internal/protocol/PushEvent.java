package io.github.vwopush.internal.protocol;

import org.jspecify.annotations.Nullable;

/**
 * One custom dimension ready for the wire.
 *
 * @param key the custom dimension key
 * @param value the custom dimension value
 * @param visitorUuid the user's {@link VisitorUuid}
 * @param acceptedAtMillis when the application pushed it (epoch milliseconds); VWO's
 * session id and event time are derived from it, so a retry sends the same values
 * @param type the value's type; {@code value} is its string form
 * @param visitor what the push said about the visitor besides its id, or {@code null}
 */
public record PushEvent(String key, String value, String visitorUuid, long acceptedAtMillis, ValueType type,
		@Nullable VisitorContext visitor) {

	/**
	 * A dimension without visitor context.
	 * @param key the custom dimension key
	 * @param value the value's string form
	 * @param visitorUuid the user's {@link VisitorUuid}
	 * @param acceptedAtMillis when the application pushed it (epoch milliseconds)
	 * @param type the value's type
	 */
	public PushEvent(String key, String value, String visitorUuid, long acceptedAtMillis, ValueType type) {
		this(key, value, visitorUuid, acceptedAtMillis, type, null);
	}

	/**
	 * A dimension with a string value.
	 * @param key the custom dimension key
	 * @param value the custom dimension value
	 * @param visitorUuid the user's {@link VisitorUuid}
	 * @param acceptedAtMillis when the application pushed it (epoch milliseconds)
	 */
	public PushEvent(String key, String value, String visitorUuid, long acceptedAtMillis) {
		this(key, value, visitorUuid, acceptedAtMillis, ValueType.STRING);
	}

	/**
	 * VWO's session id ({@code sId}, {@code d.sessionId}): the visitor's, when the push gave
	 * one, else the acceptance time in epoch seconds.
	 * @return epoch seconds
	 */
	public long sessionSeconds() {
		VisitorContext context = this.visitor;
		if (context != null && context.sessionId() != null) {
			return context.sessionId();
		}
		return Math.floorDiv(this.acceptedAtMillis, 1000L);
	}

}
