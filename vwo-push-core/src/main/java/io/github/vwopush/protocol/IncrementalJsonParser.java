package io.github.vwopush.protocol;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * A push parser for one JSON value (RFC 8259) in UTF-8: it is fed the bytes in chunks split
 * anywhere (inside a UTF-8 sequence, an escape, a number or a literal), checks them strictly
 * and tells its {@link Handler} what it read, building nothing. Its memory is fixed whatever
 * the input's size: the nesting, at most {@value #MAX_DEPTH} levels, and the text of the
 * current string up to a length given at creation; a longer string is checked, not kept.
 * <p>
 * One byte order mark may come first, as Jackson allowed. Not thread-safe.
 */
final class IncrementalJsonParser {

	/** The deepest nesting accepted: Jackson 3's default, which the settings file's reader used before. */
	static final int MAX_DEPTH = 500;

	/** A value that is neither an object nor an array. */
	enum Scalar {

		STRING, NUMBER, TRUE, FALSE, NULL

	}

	/** Told what the parser reads, in order. An exception it throws ends the parse. */
	interface Handler {

		void beginObject();

		void beginArray();

		/** The innermost object or array has ended. */
		void end();

		/**
		 * A property name; its value comes next.
		 * @param name the name, or {@code null} when it is longer than the parser keeps; valid
		 * only during the call
		 */
		void name(@Nullable CharSequence name);

		/**
		 * A scalar value.
		 * @param kind what it is
		 * @param text a string's text, or {@code null} when it is longer than the parser keeps
		 * and for the other kinds; valid only during the call
		 */
		void value(Scalar kind, @Nullable CharSequence text);

	}

	/** What the grammar allows next, between tokens. */
	private enum Expect {

		/** The root value, after nothing but white space and perhaps a byte order mark. */
		ROOT, VALUE, VALUE_OR_END, NAME_OR_END, NAME, COLON, COMMA_OR_END,

		/** Nothing but white space: the root value has ended. */
		NOTHING

	}

	/** The token being read, when one has begun. */
	private enum Token {

		NONE, BYTE_ORDER_MARK, STRING, ESCAPE, UNICODE_ESCAPE, UTF8, NUMBER, LITERAL

	}

	/** The part of a number just read, by RFC 8259's grammar. */
	private enum NumberPart {

		MINUS, ZERO, INTEGER, POINT, FRACTION, EXPONENT_MARK, EXPONENT_SIGN, EXPONENT;

		/** Whether a number may end after this part. */
		boolean complete() {
			return this == ZERO || this == INTEGER || this == FRACTION || this == EXPONENT;
		}

	}

	private final Handler handler;

	private final int keptLength;

	/** The current string's text, while it is no longer than {@link #keptLength}. */
	private final StringBuilder text;

	private boolean textTooLong;

	private boolean readingName;

	/** For each open container, outermost first: {@code true} for an object, {@code false} for an array. */
	private final boolean[] inObject = new boolean[MAX_DEPTH];

	private int depth;

	private Expect expect = Expect.ROOT;

	private Token token = Token.NONE;

	private NumberPart numberPart = NumberPart.ZERO;

	private String literal = "";

	private Scalar literalKind = Scalar.NULL;

	/**
	 * Bytes still due in the current token: characters of a literal, hex digits of an
	 * escape, continuation bytes of a UTF-8 sequence, bytes of the byte order mark.
	 */
	private int pending;

	/** The UTF-16 unit of an escape or the code point of a UTF-8 sequence, as decoded so far. */
	private int decoded;

	/** The range of the next continuation byte of a UTF-8 sequence. */
	private int continuationMin;

	private int continuationMax;

	private long offset;

	private @Nullable RuntimeException failure;

	/**
	 * Create a parser.
	 * @param handler told what the parser reads
	 * @param keptLength the longest string (property name or value), in UTF-16 units, whose
	 * text the handler is given
	 */
	IncrementalJsonParser(Handler handler, int keptLength) {
		this.handler = handler;
		this.keptLength = keptLength;
		this.text = new StringBuilder(keptLength);
	}

	/**
	 * Read the next bytes. After an exception, from this parser or from its handler, every
	 * call throws that exception again.
	 * @param chunk the next bytes, all read before this returns
	 * @throws MalformedJsonException when what was read so far cannot begin a JSON value
	 */
	void feed(ByteBuffer chunk) {
		failIfFailed();
		try {
			while (chunk.hasRemaining()) {
				read(chunk.get() & 0xFF);
				this.offset++;
			}
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	/**
	 * The input has ended. An input of nothing but white space passes: the handler was told
	 * nothing, and can tell.
	 * @throws MalformedJsonException when the input ended inside a value
	 */
	void finish() {
		failIfFailed();
		try {
			if (this.token == Token.NUMBER) {
				// Only the end of the input says that a number at the root has ended.
				endNumber();
			}
			if (this.token != Token.NONE || (this.expect != Expect.NOTHING && this.expect != Expect.ROOT)) {
				throw malformed("The input ended inside a value");
			}
		}
		catch (RuntimeException ex) {
			this.failure = ex;
			throw ex;
		}
	}

	private void failIfFailed() {
		if (this.failure != null) {
			throw this.failure;
		}
	}

	private void read(int b) {
		switch (this.token) {
			case NONE -> between(b);
			case STRING -> string(b);
			case ESCAPE -> escape(b);
			case UNICODE_ESCAPE -> unicodeEscape(b);
			case UTF8 -> continuation(b);
			case NUMBER -> {
				// A number has no end mark: the first byte that cannot continue it ends it, and is read next.
				if (!continuesNumber(b)) {
					endNumber();
					between(b);
				}
			}
			case LITERAL -> literal(b);
			case BYTE_ORDER_MARK -> byteOrderMark(b);
		}
	}

	private void between(int b) {
		if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
			return;
		}
		switch (this.expect) {
			case ROOT -> {
				if (b == 0xEF && this.offset == 0) {
					this.token = Token.BYTE_ORDER_MARK;
					this.pending = 2;
				}
				else {
					beginValue(b);
				}
			}
			case VALUE -> beginValue(b);
			case VALUE_OR_END -> {
				if (b == ']') {
					end(b);
				}
				else {
					beginValue(b);
				}
			}
			case NAME_OR_END -> {
				if (b == '}') {
					end(b);
				}
				else {
					beginName(b);
				}
			}
			case NAME -> beginName(b);
			case COLON -> {
				if (b != ':') {
					throw unexpected(b, "':'");
				}
				this.expect = Expect.VALUE;
			}
			case COMMA_OR_END -> {
				if (b == ',') {
					this.expect = this.inObject[this.depth - 1] ? Expect.NAME : Expect.VALUE;
				}
				else if (b == '}' || b == ']') {
					end(b);
				}
				else {
					throw unexpected(b, "',' or the end of the " + (this.inObject[this.depth - 1] ? "object" : "array"));
				}
			}
			case NOTHING -> throw unexpected(b, "only white space after the root value");
		}
	}

	private void beginValue(int b) {
		switch (b) {
			case '{' -> {
				open(true);
				this.expect = Expect.NAME_OR_END;
				this.handler.beginObject();
			}
			case '[' -> {
				open(false);
				this.expect = Expect.VALUE_OR_END;
				this.handler.beginArray();
			}
			case '"' -> beginString(false);
			case '-' -> beginNumber(NumberPart.MINUS);
			case '0' -> beginNumber(NumberPart.ZERO);
			case 't' -> beginLiteral("true", Scalar.TRUE);
			case 'f' -> beginLiteral("false", Scalar.FALSE);
			case 'n' -> beginLiteral("null", Scalar.NULL);
			default -> {
				if (b < '1' || b > '9') {
					throw unexpected(b, "a value");
				}
				beginNumber(NumberPart.INTEGER);
			}
		}
	}

	private void open(boolean object) {
		if (this.depth == MAX_DEPTH) {
			throw malformed("Nested deeper than " + MAX_DEPTH + " levels");
		}
		this.inObject[this.depth++] = object;
	}

	private void end(int b) {
		if (this.inObject[this.depth - 1] != (b == '}')) {
			throw unexpected(b, "the end of the " + (this.inObject[this.depth - 1] ? "object" : "array"));
		}
		this.depth--;
		afterValue();
		this.handler.end();
	}

	private void afterValue() {
		this.expect = (this.depth == 0) ? Expect.NOTHING : Expect.COMMA_OR_END;
	}

	private void beginName(int b) {
		if (b != '"') {
			throw unexpected(b, "a property name");
		}
		beginString(true);
	}

	private void beginString(boolean name) {
		this.readingName = name;
		this.text.setLength(0);
		this.textTooLong = false;
		this.token = Token.STRING;
	}

	private void string(int b) {
		if (b == '"') {
			endString();
		}
		else if (b == '\\') {
			this.token = Token.ESCAPE;
		}
		else if (b < 0x20) {
			throw malformed(String.format("Unescaped control character 0x%02X in a string", b));
		}
		else if (b < 0x80) {
			keep(b);
		}
		else {
			beginUtf8(b);
		}
	}

	private void endString() {
		this.token = Token.NONE;
		CharSequence kept = this.textTooLong ? null : this.text;
		if (this.readingName) {
			this.expect = Expect.COLON;
			this.handler.name(kept);
		}
		else {
			afterValue();
			this.handler.value(Scalar.STRING, kept);
		}
	}

	private void escape(int b) {
		if (b == 'u') {
			this.token = Token.UNICODE_ESCAPE;
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
			default -> throw unexpected(b, "an escape: one of \" \\ / b f n r t u");
		});
		this.token = Token.STRING;
	}

	private void unicodeEscape(int b) {
		int digit = hexDigit(b);
		if (digit < 0) {
			throw unexpected(b, "a hex digit");
		}
		this.decoded = (this.decoded << 4) | digit;
		if (--this.pending == 0) {
			// A lone surrogate is valid JSON (RFC 8259, 8.2), and was accepted before: kept as it is.
			keep(this.decoded);
			this.token = Token.STRING;
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
		this.token = Token.UTF8;
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
			this.token = Token.STRING;
		}
	}

	private void keep(int unit) {
		if (this.textTooLong) {
			return;
		}
		if (this.text.length() < this.keptLength) {
			this.text.append((char) unit);
		}
		else {
			this.textTooLong = true;
		}
	}

	private void beginNumber(NumberPart first) {
		this.token = Token.NUMBER;
		this.numberPart = first;
	}

	/** Whether the byte continues the number: it ends at any other. */
	private boolean continuesNumber(int b) {
		NumberPart part = this.numberPart;
		if (b >= '0' && b <= '9') {
			if (part == NumberPart.ZERO) {
				throw malformed("A number has a leading zero");
			}
			this.numberPart = switch (part) {
				case MINUS -> (b == '0') ? NumberPart.ZERO : NumberPart.INTEGER;
				case POINT -> NumberPart.FRACTION;
				case EXPONENT_MARK, EXPONENT_SIGN -> NumberPart.EXPONENT;
				default -> part;
			};
			return true;
		}
		if (b == '.' && (part == NumberPart.ZERO || part == NumberPart.INTEGER)) {
			this.numberPart = NumberPart.POINT;
			return true;
		}
		if ((b == 'e' || b == 'E')
				&& (part == NumberPart.ZERO || part == NumberPart.INTEGER || part == NumberPart.FRACTION)) {
			this.numberPart = NumberPart.EXPONENT_MARK;
			return true;
		}
		if ((b == '+' || b == '-') && part == NumberPart.EXPONENT_MARK) {
			this.numberPart = NumberPart.EXPONENT_SIGN;
			return true;
		}
		return false;
	}

	private void endNumber() {
		if (!this.numberPart.complete()) {
			throw malformed("A number ends after its " + this.numberPart.name().toLowerCase().replace('_', ' '));
		}
		this.token = Token.NONE;
		afterValue();
		this.handler.value(Scalar.NUMBER, null);
	}

	private void beginLiteral(String literal, Scalar kind) {
		this.token = Token.LITERAL;
		this.literal = literal;
		this.literalKind = kind;
		this.pending = literal.length() - 1;
	}

	private void literal(int b) {
		if (b != this.literal.charAt(this.literal.length() - this.pending)) {
			throw unexpected(b, "'" + this.literal + "'");
		}
		if (--this.pending == 0) {
			this.token = Token.NONE;
			afterValue();
			this.handler.value(this.literalKind, null);
		}
	}

	private void byteOrderMark(int b) {
		if (b != ((this.pending == 2) ? 0xBB : 0xBF)) {
			throw unexpected(b, "a byte order mark (EF BB BF)");
		}
		if (--this.pending == 0) {
			this.token = Token.NONE;
		}
	}

	private MalformedJsonException unexpected(int b, String expected) {
		String found = (b > 0x20 && b < 0x7F) ? "'" + (char) b + "'" : String.format("byte 0x%02X", b);
		return malformed("Unexpected " + found + "; expected " + expected);
	}

	private MalformedJsonException notUtf8(int b) {
		return malformed(String.format("Byte 0x%02X is not well-formed UTF-8 here", b));
	}

	private MalformedJsonException malformed(String message) {
		return new MalformedJsonException(message + " (byte " + this.offset + ")");
	}

}
