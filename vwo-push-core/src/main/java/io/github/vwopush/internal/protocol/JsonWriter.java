package io.github.vwopush.internal.protocol;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * Writes one compact JSON value (no white space), so that the wire format needs no JSON
 * library. The text is byte for byte what Jackson's default generator wrote before:
 * <ul>
 * <li>{@code "} and {@code \} as {@code \"} and {@code \\};</li>
 * <li>backspace, tab, line feed, form feed and carriage return as {@code \b}, {@code \t},
 * {@code \n}, {@code \f}, {@code \r}; the other characters below U+0020 as <code>&#92;u00XX</code>
 * with upper-case hex digits;</li>
 * <li>everything else as it is, in UTF-8: {@code /}, DEL, U+0080 to U+009F, U+2028, U+2029
 * and non-ASCII are not escaped, and a surrogate pair is one four-byte character.</li>
 * </ul>
 * Commas and colons are placed by the writer, and it refuses to write anything that is not
 * one well-formed value. Not thread-safe: one writer per document.
 */
final class JsonWriter {

	/** A JSON number (RFC 8259): no leading zeros, no lone point, no NaN or infinity. */
	private static final Pattern NUMBER = Pattern.compile("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private final StringBuilder out;

	/** The open containers, innermost last: {@code true} for an object, {@code false} for an array. */
	private boolean[] open = new boolean[8];

	private int depth;

	/** Whether the next name or array element follows a sibling, and so needs a comma. */
	private boolean afterSibling;

	/** Whether a property name has been written in the innermost object and its value is due. */
	private boolean nameWritten;

	private boolean rootWritten;

	/**
	 * Create a writer.
	 * @param expectedLength how many characters the text will probably have
	 */
	JsonWriter(int expectedLength) {
		this.out = new StringBuilder(expectedLength);
	}

	JsonWriter beginObject() {
		beforeValue();
		this.out.append('{');
		push(true);
		return this;
	}

	JsonWriter endObject() {
		end(true);
		this.out.append('}');
		return this;
	}

	JsonWriter beginArray() {
		beforeValue();
		this.out.append('[');
		push(false);
		return this;
	}

	JsonWriter endArray() {
		end(false);
		this.out.append(']');
		return this;
	}

	/**
	 * Write a property name in the innermost object; its value must come next.
	 * @param name the name
	 * @return this writer
	 * @throws IllegalArgumentException when the name holds an unpaired surrogate
	 */
	JsonWriter name(String name) {
		if (this.depth == 0 || !this.open[this.depth - 1] || this.nameWritten) {
			throw new IllegalStateException("A property name belongs in an object, before its value");
		}
		if (this.afterSibling) {
			this.out.append(',');
		}
		string(name);
		this.out.append(':');
		this.nameWritten = true;
		return this;
	}

	/**
	 * Write a string.
	 * @param value the string
	 * @return this writer
	 * @throws IllegalArgumentException when the string holds an unpaired surrogate
	 */
	JsonWriter value(String value) {
		beforeValue();
		string(value);
		return afterValue();
	}

	JsonWriter value(long value) {
		beforeValue();
		this.out.append(value);
		return afterValue();
	}

	JsonWriter value(boolean value) {
		beforeValue();
		this.out.append(value);
		return afterValue();
	}

	/**
	 * Write a number given as text, as it is: no rounding through {@code double}.
	 * @param number a JSON number, such as a {@link ValueType#stringForm string form}
	 * @return this writer
	 * @throws IllegalArgumentException when the text is not a JSON number
	 */
	JsonWriter numberValue(String number) {
		// Jackson wrote any text here unchecked; a number that is not one would make the whole body invalid JSON.
		if (!NUMBER.matcher(number).matches()) {
			throw new IllegalArgumentException("'" + number + "' is not a JSON number");
		}
		beforeValue();
		this.out.append(number);
		return afterValue();
	}

	JsonWriter property(String name, String value) {
		return name(name).value(value);
	}

	JsonWriter property(String name, long value) {
		return name(name).value(value);
	}

	JsonWriter property(String name, boolean value) {
		return name(name).value(value);
	}

	/**
	 * The finished value's text.
	 * @return the JSON text
	 * @throws IllegalStateException when the value is not complete
	 */
	String toJson() {
		if (!this.rootWritten || this.depth > 0) {
			throw new IllegalStateException("The JSON value is not complete");
		}
		return this.out.toString();
	}

	/**
	 * The finished value's text in UTF-8. Exact: the text holds no unpaired surrogate, the
	 * only thing UTF-8 cannot encode.
	 * @return the bytes
	 * @throws IllegalStateException when the value is not complete
	 */
	byte[] toUtf8() {
		return toJson().getBytes(StandardCharsets.UTF_8);
	}

	private void beforeValue() {
		if (this.depth == 0) {
			if (this.rootWritten) {
				throw new IllegalStateException("A JSON text holds one value");
			}
			this.rootWritten = true;
		}
		else if (this.open[this.depth - 1]) {
			if (!this.nameWritten) {
				throw new IllegalStateException("A value in an object needs a property name first");
			}
			this.nameWritten = false;
		}
		else if (this.afterSibling) {
			this.out.append(',');
		}
	}

	private JsonWriter afterValue() {
		this.afterSibling = true;
		return this;
	}

	private void push(boolean object) {
		if (this.depth == this.open.length) {
			this.open = Arrays.copyOf(this.open, this.depth * 2);
		}
		this.open[this.depth++] = object;
		this.afterSibling = false;
	}

	private void end(boolean object) {
		if (this.depth == 0 || this.open[this.depth - 1] != object || this.nameWritten) {
			throw new IllegalStateException("No " + (object ? "object" : "array") + " to end here");
		}
		this.depth--;
		afterValue();
	}

	private void string(String text) {
		this.out.append('"');
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			if (c == '"' || c == '\\') {
				this.out.append('\\').append(c);
			}
			else if (c < 0x20) {
				control(c);
			}
			else if (Character.isSurrogate(c)) {
				// A pair is one character, written as it is. A lone half has no UTF-8 form: Jackson wrote it as an
				// escape (backslash, u, D83D), which receivers may handle unpredictably (RFC 8259, 8.2). None gets here
				// (the push validation rejects them), so one that does is a bug: refused, so that its shipment ends as an
				// internal error rather than as text VWO may store mangled.
				if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
					this.out.append(c).append(text.charAt(++i));
				}
				else {
					throw new IllegalArgumentException(
							String.format("Unpaired surrogate U+%04X at index %d cannot be written as JSON", (int) c, i));
				}
			}
			else {
				this.out.append(c);
			}
		}
		this.out.append('"');
	}

	private void control(char c) {
		switch (c) {
			case '\b' -> this.out.append("\\b");
			case '\t' -> this.out.append("\\t");
			case '\n' -> this.out.append("\\n");
			case '\f' -> this.out.append("\\f");
			case '\r' -> this.out.append("\\r");
			default -> this.out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
		}
	}

}
