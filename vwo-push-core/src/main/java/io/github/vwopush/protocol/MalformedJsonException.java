package io.github.vwopush.protocol;

/**
 * The bytes an {@link IncrementalJsonParser} was fed are not one JSON value (RFC 8259) in
 * UTF-8.
 */
final class MalformedJsonException extends IllegalArgumentException {

	private static final long serialVersionUID = 1L;

	MalformedJsonException(String message) {
		super(message);
	}

}
