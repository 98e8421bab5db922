package io.github.vwopush.internal.protocol;

import java.math.BigDecimal;
import java.math.BigInteger;

import org.jspecify.annotations.Nullable;

/**
 * The type of a custom dimension value, and its string form. Event-architecture requests
 * write numbers and booleans as JSON numbers and booleans; the batch and legacy requests,
 * whose tags VWO reads as strings, carry the string form, which is also what the
 * 255-character limit applies to.
 * <p>
 * The string forms: {@code Integer}, {@code Long}, {@code Short}, {@code Byte} and
 * {@code BigInteger} as their decimal digits; {@code BigDecimal} by
 * {@link BigDecimal#toPlainString()} (no exponent, scale kept: {@code 1.50}); {@code Double}
 * by {@link Double#toString(double)} and {@code Float} by {@link Float#toString(float)}
 * ({@code 0.5}, {@code 3.0}, {@code 1.0E10}); {@code Boolean} as {@code true} or
 * {@code false}. Each is a valid JSON number or literal. Other {@code Number} classes (mutable
 * or of unknown format) are not supported.
 */
public enum ValueType {

	// The ordinal is the type's tag in the disk spool: append new types, never reorder.

	/** A string, sent as a JSON string everywhere. */
	STRING,

	/** A number: a JSON number on the event architecture, its string form elsewhere. */
	NUMBER,

	/** A boolean: a JSON boolean on the event architecture, its string form elsewhere. */
	BOOLEAN;

	private static final ValueType[] BY_TAG = values();

	/**
	 * The type of a value the push API accepts.
	 * @param value the value
	 * @return its type, or {@code null} when the value is {@code null} or of an unsupported
	 * class
	 */
	public static @Nullable ValueType of(@Nullable Object value) {
		if (value instanceof String) {
			return STRING;
		}
		if (value instanceof Boolean) {
			return BOOLEAN;
		}
		if (value instanceof Integer || value instanceof Long || value instanceof Double || value instanceof Float
				|| value instanceof BigDecimal || value instanceof Short || value instanceof Byte
				|| value instanceof BigInteger) {
			return NUMBER;
		}
		return null;
	}

	/**
	 * Whether a value is a {@code Double} or {@code Float} that is NaN or infinite, which JSON
	 * cannot carry.
	 * @param value the value
	 * @return {@code true} when it is not finite
	 */
	public static boolean isNonFinite(Object value) {
		return (value instanceof Double d && !Double.isFinite(d)) || (value instanceof Float f && !Float.isFinite(f));
	}

	/**
	 * The string form of a supported value (see the class description).
	 * @param value a value whose {@link #of type} is not {@code null}
	 * @return its string form
	 */
	public static String stringForm(Object value) {
		if (value instanceof BigDecimal decimal) {
			return decimal.toPlainString();
		}
		// String, Boolean, the integral types, Double and Float: toString is the form described above.
		return value.toString();
	}

	/**
	 * The type stored under a spool tag.
	 * @param tag the tag
	 * @return the type, or {@code null} for a tag this version does not know
	 */
	public static @Nullable ValueType ofTag(int tag) {
		return (tag >= 0 && tag < BY_TAG.length) ? BY_TAG[tag] : null;
	}

}
