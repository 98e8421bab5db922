package io.github.vwopush.protocol;

/**
 * One custom dimension ready for the wire.
 *
 * @param key the custom dimension key
 * @param value the custom dimension value
 * @param visitorUuid the user's {@link VisitorUuid}
 * @param acceptedAtMillis when the application pushed it (epoch milliseconds); VWO's
 * session id and event time are derived from it, so a retry sends the same values
 * @param type the value's type; {@code value} is its string form
 */
public record PushEvent(String key, String value, String visitorUuid, long acceptedAtMillis, ValueType type) {

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
	 * VWO's {@code sId}: the acceptance time in epoch seconds.
	 * @return epoch seconds
	 */
	public long sessionSeconds() {
		return Math.floorDiv(this.acceptedAtMillis, 1000L);
	}

}
