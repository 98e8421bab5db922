package io.github.vwopush.internal.delivery;

import java.util.regex.Pattern;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.protocol.ValueType;
import io.github.vwopush.internal.protocol.VisitorContext;
import org.jspecify.annotations.Nullable;

/**
 * Checks keys, values and user ids the way VWO's Java SDK does (non-empty, at most 255
 * UTF-16 code units), and more strictly: blank strings, control characters and unpaired
 * surrogates are rejected too, because they cannot reach a VWO report intact.
 */
final class DimensionValidator {

	/** The longest key, value or user id VWO accepts, in UTF-16 code units. */
	static final int MAX_LENGTH = 255;

	/**
	 * The prefix of VWO's own properties ({@code vwo_fs_environment}, {@code vwo_envKey},
	 * ...). Case-sensitive, like JSON keys: only a key with exactly this prefix can collide.
	 */
	static final String RESERVED_PREFIX = "vwo_";

	private DimensionValidator() {
	}

	static @Nullable Rejection checkUserId(@Nullable String userId) {
		if (userId == null || userId.isBlank()) {
			return new Rejection(PushReason.MISSING_USER_ID,
					"user id is " + ((userId == null) ? "null" : "blank") + "; every push needs one");
		}
		if (userId.length() > MAX_LENGTH) {
			return new Rejection(PushReason.USER_ID_TOO_LONG,
					"user id is " + userId.length() + " characters long; VWO accepts at most " + MAX_LENGTH);
		}
		String bad = findInvalidCharacter(userId);
		return (bad != null) ? new Rejection(PushReason.INVALID_CHARACTER, "user id contains " + bad) : null;
	}

	/** The longest user agent accepted: real ones are a few hundred characters. */
	static final int MAX_USER_AGENT_LENGTH = 1024;

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	/**
	 * Check what a push says about its visitor besides the id. The user agent and the IP
	 * address go into HTTP headers, so they must be visible ASCII.
	 */
	static @Nullable Rejection checkVisitor(@Nullable VisitorContext visitor) {
		if (visitor == null) {
			return null;
		}
		if (visitor.sessionId() != null && visitor.sessionId() <= 0) {
			return new Rejection(PushReason.INVALID_VISITOR,
					"session id is " + visitor.sessionId() + "; it must be positive (epoch seconds)");
		}
		String userAgent = visitor.userAgent();
		if (userAgent != null) {
			if (userAgent.isBlank() || userAgent.length() > MAX_USER_AGENT_LENGTH) {
				return new Rejection(PushReason.INVALID_VISITOR, "user agent is " + (userAgent.isBlank() ? "blank"
						: userAgent.length() + " characters long; at most " + MAX_USER_AGENT_LENGTH + " are accepted"));
			}
			// It goes into an HTTP header, which carries visible ASCII only (a control character would split it).
			for (int i = 0; i < userAgent.length(); i++) {
				char c = userAgent.charAt(i);
				if (c < 0x20 || c > 0x7E) {
					return new Rejection(PushReason.INVALID_VISITOR, String.format(
							"user agent contains U+%04X at index %d; an HTTP header carries visible ASCII only", (int) c, i));
				}
			}
		}
		String ip = visitor.ipAddress();
		if (ip != null && !IPV4.matcher(ip).matches() && !(ip.indexOf(':') >= 0 && IPV6.matcher(ip).matches())) {
			// Not the address itself: it is personal data, and may be what a log must not hold.
			return new Rejection(PushReason.INVALID_VISITOR, "IP address is not an IPv4 or IPv6 literal");
		}
		return null;
	}

	static @Nullable Rejection checkEntry(@Nullable String key, @Nullable String value) {
		Rejection rejection = checkKey(key);
		return (rejection != null) ? rejection : checkValue(key, value);
	}

	static @Nullable Rejection checkKey(@Nullable String key) {
		if (key == null || key.isBlank()) {
			return new Rejection(PushReason.INVALID_KEY,
					"custom dimension key is " + ((key == null) ? "null" : "blank"));
		}
		if (key.length() > MAX_LENGTH) {
			return new Rejection(PushReason.KEY_TOO_LONG,
					"custom dimension key is " + key.length() + " characters long; VWO accepts at most " + MAX_LENGTH);
		}
		String badKey = findInvalidCharacter(key);
		if (badKey != null) {
			return new Rejection(PushReason.INVALID_CHARACTER, "custom dimension key contains " + badKey);
		}
		if (key.startsWith(RESERVED_PREFIX)) {
			return new Rejection(PushReason.RESERVED_KEY, "custom dimension key '" + key + "' starts with '"
					+ RESERVED_PREFIX + "', which VWO reserves for its own properties");
		}
		return null;
	}

	/**
	 * Check that a value that is not a {@code String} has a supported type and is finite.
	 * @param key the valid key
	 * @param value the value, not {@code null}
	 * @return the rejection, or {@code null} when its {@link ValueType#stringForm string
	 * form} may be checked next
	 */
	static @Nullable Rejection checkType(String key, Object value) {
		if (ValueType.of(value) == null) {
			return new Rejection(PushReason.UNSUPPORTED_TYPE, valueOf(key) + " is a " + value.getClass().getName()
					+ "; push accepts a String, a Boolean or a number (Integer, Long, Short, Byte, BigInteger, "
					+ "BigDecimal, Double, Float)");
		}
		if (ValueType.isNonFinite(value)) {
			return new Rejection(PushReason.NON_FINITE_NUMBER,
					valueOf(key) + " is " + value + "; JSON has no NaN or infinity");
		}
		return null;
	}

	/**
	 * Check a value (a string, or a typed value's string form) of a valid key.
	 */
	static @Nullable Rejection checkValue(String key, @Nullable String value) {
		if (value == null || value.isBlank()) {
			return new Rejection(PushReason.INVALID_VALUE, valueOf(key) + " is " + ((value == null) ? "null" : "blank"));
		}
		if (value.length() > MAX_LENGTH) {
			return new Rejection(PushReason.VALUE_TOO_LONG,
					valueOf(key) + " is " + value.length() + " characters long; VWO accepts at most " + MAX_LENGTH);
		}
		String badValue = findInvalidCharacter(value);
		return (badValue != null) ? new Rejection(PushReason.INVALID_CHARACTER, valueOf(key) + " contains " + badValue)
				: null;
	}

	/** Built only when rejecting: valid pushes must not pay for a message. */
	private static String valueOf(String key) {
		return "value of custom dimension '" + key + "'";
	}

	/**
	 * Find the first control character or unpaired surrogate.
	 * @return a description of it and its index, or {@code null}
	 */
	private static @Nullable String findInvalidCharacter(String text) {
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (Character.isISOControl(c)) {
				return String.format("control character U+%04X at index %d", (int) c, i);
			}
			if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return String.format("unpaired surrogate U+%04X at index %d", (int) c, i);
			}
		}
		return null;
	}

}
