package io.github.vwopush.internal.protocol;

import org.jspecify.annotations.Nullable;

/**
 * Reads the inside of a JSON string byte by byte, for {@link IncrementalJsonParser}: checks
 * and decodes escapes and UTF-8 (well-formed only), and keeps the text up to a length given
 * at creation, so that a string of any length takes no more memory than that.
 */
final class JsonStringReader {

	/** Where the reader is inside the string. */
	private enum State {

		CHARACTERS, ESCAPE, UNICODE_ESCAPE, UTF8

	}

	private final int keptLength;

	/** The string's text, while it is no longer than {@link #keptLength}. */
	private final StringBuilder text;

	private boolean tooLong;

	private State state = State.CHARACTERS;

	/** Hex digits of an escape, or continuation bytes of a UTF-8 sequence, still due. */
	private int pending;

	/** The UTF-16 unit of an escape or the code point of a UTF-8 sequence, as decoded so far. */
	private int decoded;

	/** The range of the next continuation byte of a UTF-8 sequence. */
	private int continuationMin;

	private int continuationMax;

	/**
	 * Create a reader.
	 * @param keptLength the longest text kept, in UTF-16 units
	 */
	JsonStringReader(int keptLength) {
		this.keptLength = keptLength;
		this.text = new StringBuilder(keptLength);
	}

	/** A string begins: its opening quote has been read. */
	void begin() {
		this.text.setLength(0);
		this.tooLong = false;
		this.state = State.CHARACTERS;
	}

	/**
	 * Read the string's next byte.
	 * @param b the byte, 0 to 255
	 * @return whether it was the closing quote, which ends the string
	 * @throws MalformedJsonException when the byte cannot come next in a JSON string
	 */
	boolean read(int b) {
		switch (this.state) {
			case CHARACTERS -> {
				return character(b);
			}
			case ESCAPE -> escape(b);
			case UNICODE_ESCAPE -> unicodeEscape(b);
			case UTF8 -> continuation(b);
		}
		return false;
	}

	/**
	 * The text of the string that has ended.
	 * @return the text, or {@code null} when it is longer than the reader keeps; valid until
	 * the next string begins
	 */
	@Nullable CharSequence text() {
		return this.tooLong ? null : this.text;
	}

	private boolean character(int b) {
		if (b == '"') {
			return true;
		}
		if (b == '\\') {
			this.state = State.ESCAPE;
		}
		else if (b < 0x20) {
			throw new MalformedJsonException(String.format("Unescaped control character 0x%02X in a string", b));
		}
		else if (b < 0x80) {
			keep(b);
		}
		else {
			beginUtf8(b);
		}
		return false;
	}

	private void escape(int b) {
		if (b == 'u') {
			this.state = State.UNICODE_ESCAPE;
			this.pending = 4;
			this.decoded = 0;
			return;
		}
		keep(switch (b) {
			case '"', '\\', '/' -> b;
			case 'b' -> '\b';
			case 'f' -> '\f';
			case 'n' -> '\n';
			case 'r' -> '\r';
			case 't' -> '\t';
			default -> throw MalformedJsonException.unexpected(b, "an escape: one of \" \\ / b f n r t u");
		});
		this.state = State.CHARACTERS;
	}

	private void unicodeEscape(int b) {
		int digit = hexDigit(b);
		if (digit < 0) {
			throw MalformedJsonException.unexpected(b, "a hex digit");
		}
		this.decoded = (this.decoded << 4) | digit;
		if (--this.pending == 0) {
			// A lone surrogate is valid JSON (RFC 8259, 8.2), and was accepted before: kept as it is.
			keep(this.decoded);
			this.state = State.CHARACTERS;
		}
	}

	private static int hexDigit(int b) {
		if (b >= '0' && b <= '9') {
			return b - '0';
		}
		if (b >= 'a' && b <= 'f') {
			return b - 'a' + 10;
		}
		if (b >= 'A' && b <= 'F') {
			return b - 'A' + 10;
		}
		return -1;
	}

	/** Well-formed UTF-8 only (Unicode, table 3-7): no overlong form, no surrogate, nothing above U+10FFFF. */
	private void beginUtf8(int b) {
		this.continuationMin = 0x80;
		this.continuationMax = 0xBF;
		if (b >= 0xC2 && b <= 0xDF) {
			this.pending = 1;
			this.decoded = b & 0x1F;
		}
		else if (b >= 0xE0 && b <= 0xEF) {
			this.pending = 2;
			this.decoded = b & 0x0F;
			if (b == 0xE0) {
				this.continuationMin = 0xA0;
			}
			else if (b == 0xED) {
				this.continuationMax = 0x9F;
			}
		}
		else if (b >= 0xF0 && b <= 0xF4) {
			this.pending = 3;
			this.decoded = b & 0x07;
			if (b == 0xF0) {
				this.continuationMin = 0x90;
			}
			else if (b == 0xF4) {
				this.continuationMax = 0x8F;
			}
		}
		else {
			throw notUtf8(b);
		}
		this.state = State.UTF8;
	}

	private void continuation(int b) {
		if (b < this.continuationMin || b > this.continuationMax) {
			throw notUtf8(b);
		}
		this.decoded = (this.decoded << 6) | (b & 0x3F);
		this.continuationMin = 0x80;
		this.continuationMax = 0xBF;
		if (--this.pending == 0) {
			if (Character.isBmpCodePoint(this.decoded)) {
				keep(this.decoded);
			}
			else {
				keep(Character.highSurrogate(this.decoded));
				keep(Character.lowSurrogate(this.decoded));
			}
			this.state = State.CHARACTERS;
		}
	}

	private void keep(int unit) {
		if (this.tooLong) {
			return;
		}
		if (this.text.length() < this.keptLength) {
			this.text.append((char) unit);
		}
		else {
			this.tooLong = true;
		}
	}

	private static MalformedJsonException notUtf8(int b) {
		return new MalformedJsonException(String.format("Byte 0x%02X is not well-formed UTF-8 here", b));
	}

}
