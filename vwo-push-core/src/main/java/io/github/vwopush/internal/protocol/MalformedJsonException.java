package io.github.vwopush.internal.protocol;

/**
 * The bytes an {@link IncrementalJsonParser} was fed are not one JSON value (RFC 8259) in
 * UTF-8.
 */
final class MalformedJsonException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	MalformedJsonException(String message) {
		super(message);
	}

	static MalformedJsonException unexpected(int b, String expected) {
		String found = (b > 0x20 && b < 0x7F) ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
		return new MalformedJsonException("Unexpected " + found + "; expected " + expected);
	}

	/**
	 * This problem, saying where it was found.
	 * @param offset the offset of the byte that showed it
	 * @return the exception to throw
	 */
	MalformedJsonException at(long offset) {
		return new MalformedJsonException(getMessage() + " (byte " + offset + ")");
	}

}
