package io.github.vwopush.internal.protocol;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import io.github.vwopush.internal.protocol.IncrementalJsonParser.Scalar;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class IncrementalJsonParserTests {

	private static final int KEPT = 16;

	@Test
	void tellsTheHandlerWhatItReadsInOrder() {
		assertThat(events("{\"a\":[1,\"x\",true,false,null,{},[]],\"b\":{\"c\":-2.5e3}}")).containsExactly("{", "name a",
				"[", "NUMBER", "STRING x", "TRUE", "FALSE", "NULL", "{", "end", "[", "end", "end", "name b", "{", "name c",
				"NUMBER", "end", "end");
	}

	@Test
	void anyValueMayBeTheRoot() {
		assertThat(events("\"s\"")).containsExactly("STRING s");
		assertThat(events("12")).containsExactly("NUMBER");
		assertThat(events("null")).containsExactly("NULL");
		assertThat(events("[]")).containsExactly("[", "end");
	}

	@Test
	void escapesAreDecoded() {
		assertThat(events("[\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"]")).containsExactly("[", "STRING \"\\/\b\f\n\r\t", "end");
		assertThat(events("[\"\\u0041\\u00e9\\u00E9\"]")).containsExactly("[", "STRING Aéé", "end");
		assertThat(events("[\"\\ud83d\\ude00\"]")).containsExactly("[", "STRING 😀", "end");
		assertThat(events("{\"collection\\u0050refix\":1}")).contains("name collectionPrefix");
	}

	@Test
	void aLoneSurrogateEscapeIsValidJsonAndKeptAsItIs() {
		// RFC 8259 (8.2) allows it; Jackson accepted it in values but not in names.
		assertThat(events("{\"\\ud83d\":\"\\ude00x\"}")).containsExactly("{", "name \ud83d", "STRING \ude00x", "end");
	}

	@Test
	void utf8IsDecoded() {
		assertThat(events("[\"ä ユ 😀\"]")).containsExactly("[", "STRING ä ユ 😀", "end");
	}

	@Test
	void stringsUpToTheKeptLengthAreGivenLongerOnesAreNot() {
		String name = "n".repeat(KEPT);
		String value = "v".repeat(KEPT);
		assertThat(events("{\"" + name + "\":\"" + value + "\"}")).containsExactly("{", "name " + name, "STRING " + value,
				"end");
		assertThat(events("{\"" + name + "n\":\"" + value + "v\"}")).containsExactly("{", "name (too long)",
				"STRING (too long)", "end");
		// Counted in UTF-16 units, after decoding: an escape is one, an emoji two.
		String digits = "2".repeat(KEPT - 3);
		assertThat(events("[\"\\u0041" + digits + "😀\"]")).containsExactly("[", "STRING A" + digits + "😀", "end");
		assertThat(events("[\"\\u0041" + digits + "2😀\"]")).containsExactly("[", "STRING (too long)", "end");
	}

	@Test
	void aStringFarLongerThanTheKeptLengthIsCheckedNotKept() {
		String big = "x".repeat(1_000_000);
		assertThat(events("[\"" + big + "\",\"ok\"]")).containsExactly("[", "STRING (too long)", "STRING ok", "end");
		assertThatMalformed("[\"" + big + "\u0001\"]");
	}

	@Test
	void everySplitIntoTwoChunksGivesTheSameEvents() {
		byte[] json = "{\"é😀\":[\"\\u00e9\\\"\",-12.5E+3,true,null,{\"k\":false}], \"z\" : 0}"
			.getBytes(StandardCharsets.UTF_8);
		List<String> whole = events(json, json.length);
		assertThat(whole).containsExactly("{", "name é😀", "[", "STRING é\"", "NUMBER", "TRUE", "NULL", "{", "name k", "FALSE",
				"end", "end", "name z", "NUMBER", "end");
		for (int split = 1; split < json.length; split++) {
			Recorder recorder = new Recorder();
			IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
			parser.feed(ByteBuffer.wrap(json, 0, split));
			parser.feed(ByteBuffer.wrap(json, split, json.length - split));
			parser.finish();
			assertThat(recorder.events).as("split at %d", split).isEqualTo(whole);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "7", "-12", "10", "0.5", "-0.05", "12.50", "1e5", "1E5", "1e+5", "1e-5", "1.5E-05",
			"0e0", "-0.0e-0", "123456789012345678901234567890" })
	void numbersInEveryJsonForm(String number) {
		assertThat(events("[" + number + "]")).containsExactly("[", "NUMBER", "end");
		assertThat(events(number)).containsExactly("NUMBER");
		assertThat(events("{\"n\":" + number + " }")).containsExactly("{", "name n", "NUMBER", "end");
	}

	@ParameterizedTest
	@ValueSource(strings = { "01", "-01", "00", "1.", "-", "1e", "1e+", "1E-", ".5", "+1", "1.e5", "-.5", "1.5.5", "1e5.5",
			"0x10", "1ee5", "--1", "1-", "NaN", "Infinity", "-Infinity" })
	void numbersNotInJsonFormAreRejected(String number) {
		assertThatMalformed("[" + number + "]");
		assertThatMalformed("{\"n\":" + number + "}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "1.", "-", "1e", "1E+", "01", "-x" })
	void anUnfinishedRootNumberIsRejected(String number) {
		assertThatMalformed(number);
	}

	@Test
	void aLeadingZeroIsRejectedAsSuchBeforeTheNumberEnds() {
		Recorder recorder = new Recorder();
		IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> parser.feed(ByteBuffer.wrap(bytes('0', '1'))))
			.withMessage("A number has a leading zero (byte 1)");
		assertThat(recorder.events).isEmpty();
	}

	@Test
	void aClosingBracketMustMatchItsOpeningOne() {
		assertThatExceptionOfType(MalformedJsonException.class)
			.isThrownBy(() -> new IncrementalJsonParser(new Recorder(), KEPT).feed(ByteBuffer.wrap(bytes('[', '1', '}'))))
			.withMessage("Unexpected '}'; expected the end of the array (byte 2)");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tru", "nul", "fals", "truex", "nulll", "True", "NULL", "t", "trUe" })
	void literalsMustBeComplete(String literal) {
		assertThatMalformed("[" + literal + "]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":1,}", "{\"a\":1 \"b\":2}", "{\"a\" 1}", "{\"a\"}", "{\"a\":}", "{:1}", "{1:1}",
			"{a:1}", "{'a':1}", "[1,]", "[,1]", "[1 2]", "{\"a\":[1,2}", "[[1}]", "{\"a\":{\"b\":1]}", "[{]}", "{]", "[}", "{,}", "]", "}", ",", ":",
			"{\"a\":1}}", "{\"a\":1}]", "{} x", "{}{}", "[][]", "{},", "\"s\"\"t\"", "1 2", "{\"a\"/*c*/:1}", "{}//c",
			"{\"a\":\"\\x\"}", "{\"a\":\"\\'\"}", "{\"a\":\"\\u00g0\"}", "{\"a\":\"\\u12\"}", "x" })
	void malformedJsonIsRejected(String json) {
		assertThatMalformed(json);
	}

	@ParameterizedTest
	@ValueSource(strings = { "{", "[", "{\"a\"", "{\"a\":", "{\"a\":1", "[1,", "\"s", "\"s\\", "\"\\u00", "tru", "-", "1.",
			"{\"a\":\"é" })
	void inputThatEndsInsideAValueIsRejected(String json) {
		Recorder recorder = new Recorder();
		IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
		parser.feed(ByteBuffer.wrap(json.getBytes(StandardCharsets.UTF_8)));
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(parser::finish);
	}

	@Test
	void theFourJsonWhiteSpacesAreAllowedBetweenTokens() {
		assertThat(events(" \t\r\n{ \t\r\n\"a\" \t\r\n: \t\r\n[ \t\r\n1 \t\r\n, \t\r\ntrue \t\r\n] \t\r\n} \t\r\n"))
			.containsExactly("{", "name a", "[", "NUMBER", "TRUE", "end", "end");
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\u000b}", "{\f}", "{\u00a0}", "{\u2028}", "\u0000{}", "{}\u0000", "{\"a\":\"\t\"}",
			"{\"a\":\"\n\"}", "{\"a\":\"\u001f\"}" })
	void otherWhiteSpaceAndRawControlCharactersAreRejected(String json) {
		assertThatMalformed(json);
	}

	@Test
	void deleteIsNotAControlCharacterInJson() {
		assertThat(events("[\"\u007f\"]")).containsExactly("[", "STRING \u007f", "end");
	}

	@Test
	void nestingIsLimited() {
		int limit = IncrementalJsonParser.MAX_DEPTH;
		assertThat(events("[".repeat(limit) + "]".repeat(limit))).hasSize(2 * limit);
		assertThatMalformed("[".repeat(limit + 1) + "]".repeat(limit + 1));
		assertThat(limit).isEqualTo(500);
	}

	@Test
	void absurdlyDeepInputIsRejectedWithoutOverflowingAnything() {
		byte[] deep = "[{\"a\":".repeat(1_000_000).getBytes(StandardCharsets.UTF_8);
		Recorder recorder = new Recorder();
		IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> parser.feed(ByteBuffer.wrap(deep)))
			.withMessageContaining("Nested deeper than 500 levels");
		// Each repetition opens two levels and names one property.
		assertThat(recorder.events).hasSize(250 * 3);
	}

	@Test
	void oneByteOrderMarkMayComeFirst() {
		assertThat(events("\ufeff{}")).containsExactly("{", "end");
		assertThat(events("\ufeff")).isEmpty();
		assertThatMalformed(" \ufeff{}");
		assertThatMalformed("\ufeff\ufeff{}");
		assertThatMalformed("{}\ufeff");
		assertThatMalformed(bytes(0xEF, 0xBB, '{', '}'));
		assertThatMalformed(bytes(0xEF, 0xBF, 0xBB, '{', '}'));
		assertThatMalformed(bytes(0xFE, 0xFF, '{', '}'));
	}

	@Test
	void nothingButWhiteSpaceIsNoValueAndNoError() {
		assertThat(events("")).isEmpty();
		assertThat(events(" \n\t\r")).isEmpty();
	}

	@Test
	void wellFormedUtf8IsRequiredInStrings() {
		// Truncated; a continuation byte alone; lead bytes that begin nothing.
		assertThatMalformed(bytes('"', 0xC3, '"'));
		assertThatMalformed(bytes('"', 0xE3, 0x81, '"'));
		assertThatMalformed(bytes('"', 0x80, '"'));
		assertThatMalformed(bytes('"', 0xFF, '"'));
		assertThatMalformed(bytes('"', 0xF8, 0x88, 0x80, 0x80, 0x80, '"'));
		// Overlong forms, an encoded surrogate, beyond U+10FFFF.
		assertThatMalformed(bytes('"', 0xC0, 0x80, '"'));
		assertThatMalformed(bytes('"', 0xC1, 0xBF, '"'));
		assertThatMalformed(bytes('"', 0xE0, 0x80, 0x80, '"'));
		assertThatMalformed(bytes('"', 0xF0, 0x80, 0x80, 0x80, '"'));
		assertThatMalformed(bytes('"', 0xED, 0xA0, 0x80, '"'));
		assertThatMalformed(bytes('"', 0xF4, 0x90, 0x80, 0x80, '"'));
		assertThatMalformed(bytes('"', 0xF5, 0x80, 0x80, 0x80, '"'));
		// The edges that are valid.
		assertThat(events(bytes('"', 0xC2, 0x80, 0xDF, 0xBF, 0xE0, 0xA0, 0x80, 0xED, 0x9F, 0xBF, 0xEE, 0x80, 0x80, 0xF0,
				0x90, 0x80, 0x80, 0xF4, 0x8F, 0xBF, 0xBF, '"')))
			.containsExactly("STRING \u0080\u07ff\u0800\ud7ff\ue000" + new String(Character.toChars(0x10000))
					+ new String(Character.toChars(0x10FFFF)));
	}

	@Test
	void nonAsciiOutsideStringsIsRejected() {
		assertThatMalformed("{ä}");
		assertThatMalformed("[1ä]");
	}

	@Test
	void aFailureIsFinal() {
		Recorder recorder = new Recorder();
		IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
		List<Throwable> failures = new ArrayList<>();
		assertThatExceptionOfType(MalformedJsonException.class)
			.isThrownBy(() -> parser.feed(ByteBuffer.wrap(bytes('{', '}', '}'))))
			.withMessage("Unexpected '}'; expected only white space after the root value (byte 2)")
			.satisfies(failures::add);
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> parser.feed(ByteBuffer.wrap(bytes(' '))))
			.isSameAs(failures.get(0));
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(parser::finish).isSameAs(failures.get(0));
		assertThat(recorder.events).containsExactly("{", "end");
	}

	@Test
	void anExceptionFromTheHandlerEndsTheParse() {
		IllegalStateException stop = new IllegalStateException("stop");
		Recorder recorder = new Recorder() {
			@Override
			public void beginArray() {
				throw stop;
			}
		};
		IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(() -> parser.feed(ByteBuffer.wrap(bytes('['))))
			.isSameAs(stop);
		assertThatExceptionOfType(IllegalStateException.class).isThrownBy(parser::finish).isSameAs(stop);
	}

	private static List<String> events(String json) {
		return events(json.getBytes(StandardCharsets.UTF_8), 1);
	}

	private static List<String> events(byte[] json) {
		return events(json, json.length);
	}

	/** Fed in chunks of the given size. */
	private static List<String> events(byte[] json, int chunk) {
		Recorder recorder = new Recorder();
		IncrementalJsonParser parser = new IncrementalJsonParser(recorder, KEPT);
		for (int from = 0; from < json.length; from += chunk) {
			parser.feed(ByteBuffer.wrap(json, from, Math.min(chunk, json.length - from)));
		}
		parser.finish();
		return recorder.events;
	}

	private static void assertThatMalformed(String json) {
		assertThatMalformed(json.getBytes(StandardCharsets.UTF_8));
	}

	private static void assertThatMalformed(byte[] json) {
		assertThatExceptionOfType(MalformedJsonException.class).isThrownBy(() -> {
			IncrementalJsonParser parser = new IncrementalJsonParser(new Recorder(), KEPT);
			parser.feed(ByteBuffer.wrap(json));
			parser.finish();
		});
	}

	private static byte[] bytes(int... values) {
		byte[] bytes = new byte[values.length];
		for (int i = 0; i < values.length; i++) {
			bytes[i] = (byte) values[i];
		}
		return bytes;
	}

	private static class Recorder implements IncrementalJsonParser.Handler {

		final List<String> events = new ArrayList<>();

		@Override
		public void beginObject() {
			this.events.add("{");
		}

		@Override
		public void beginArray() {
			this.events.add("[");
		}

		@Override
		public void end() {
			this.events.add("end");
		}

		@Override
		public void name(@Nullable CharSequence name) {
			this.events.add("name " + ((name != null) ? name : "(too long)"));
		}

		@Override
		public void value(Scalar kind, @Nullable CharSequence text) {
			this.events.add((kind != Scalar.STRING) ? kind.name() : "STRING " + ((text != null) ? text : "(too long)"));
		}

	}

}
