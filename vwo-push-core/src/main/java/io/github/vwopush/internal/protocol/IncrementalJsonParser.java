package io.github.vwopush.internal.protocol;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

import static io.github.vwopush.internal.protocol.MalformedJsonException.unexpected;

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

		NONE, BYTE_ORDER_MARK, STRING, NUMBER, LITERAL

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

	private final JsonStringReader string;

	/** Whether the string being read is a property name. */
	private boolean readingName;

	/** For each open container, outermost first: {@code true} for an object, {@code false} for an array. */
	private final boolean[] inObject = new boolean[MAX_DEPTH];

	private int depth;

	private Expect expect = Expect.ROOT;

	private Token token = Token.NONE;

	private NumberPart numberPart = NumberPart.ZERO;

	private String literal = "";

	private Scalar literalKind = Scalar.NULL;

	/** Bytes still due in a literal or in the byte order mark. */
	private int pending;

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
		this.string = new JsonStringReader(keptLength);
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
			throw fail(ex);
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
				throw new MalformedJsonException("The input ended inside a value");
			}
		}
		catch (RuntimeException ex) {
			throw fail(ex);
		}
	}

	/** Remember the first failure, with where a problem in the JSON was found. */
	private RuntimeException fail(RuntimeException ex) {
		this.failure = (ex instanceof MalformedJsonException malformed) ? malformed.at(this.offset) : ex;
		return this.failure;
	}

	private void failIfFailed() {
		if (this.failure != null) {
			throw this.failure;
		}
	}

	private void read(int b) {
		switch (this.token) {
			case NONE -> between(b);
			case STRING -> {
				if (this.string.read(b)) {
					endString();
				}
			}
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
			throw new MalformedJsonException("Nested deeper than " + MAX_DEPTH + " levels");
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
		this.string.begin();
		this.token = Token.STRING;
	}

	private void endString() {
		this.token = Token.NONE;
		CharSequence kept = this.string.text();
		if (this.readingName) {
			this.expect = Expect.COLON;
			this.handler.name(kept);
		}
		else {
			afterValue();
			this.handler.value(Scalar.STRING, kept);
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
				throw new MalformedJsonException("A number has a leading zero");
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
			throw new MalformedJsonException("A number ends before it is complete");
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

}
