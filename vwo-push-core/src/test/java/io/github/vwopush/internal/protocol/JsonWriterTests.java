package io.github.vwopush.internal.protocol;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The escaping pinned here is what Jackson 3's default generator wrote, compared over every
 * character before Jackson left the main classpath.
 */
class JsonWriterTests {

	@Test
	void quoteAndBackslashAreEscaped() {
		assertThat(string("a\"b\\c")).isEqualTo("\"a\\\"b\\\\c\"");
	}

	@Test
	void fiveControlCharactersHaveShortEscapes() {
		assertThat(string("\b\t\n\f\r")).isEqualTo("\"\\b\\t\\n\\f\\r\"");
	}

	@Test
	void theOtherControlCharactersAreUnicodeEscapesWithUpperCaseHex() {
		StringBuilder expected = new StringBuilder("\"");
		StringBuilder controls = new StringBuilder();
		for (char c = 0; c < 0x20; c++) {
			if ("\b\t\n\f\r".indexOf(c) < 0) {
				controls.append(c);
				expected.append(String.format("\\u%04X", (int) c));
			}
		}
		assertThat(string(controls.toString())).isEqualTo(expected.append('"').toString());
		assertThat(string("\u000b\u001a")).isEqualTo("\"\\u000B\\u001A\"");
	}

	@Test
	void everyOtherCharacterOfTheBasicPlaneIsWrittenAsItIs() {
		for (int c = 0x20; c <= 0xFFFF; c++) {
			if (c != '"' && c != '\\' && !Character.isSurrogate((char) c)) {
				String text = String.valueOf((char) c);
				assertThat(new JsonWriter(4).value(text).toUtf8()).as("U+%04X", c).isEqualTo(bytes("\"" + text + "\""));
			}
		}
		String unescaped = "/ \u007f \u0080 \u009f \u2028 \u2029 \ufeff \uffff";
		assertThat(string(unescaped)).isEqualTo("\"" + unescaped + "\"");
	}

	@Test
	void aSurrogatePairIsOneFourByteCharacter() {
		assertThat(new JsonWriter(8).value("😀").toUtf8())
			.containsExactly('"', 0xF0, 0x9F, 0x98, 0x80, '"');
		assertThat(new JsonWriter(8).value("ä").toUtf8()).containsExactly('"', 0xC3, 0xA4, '"');
	}

	@ParameterizedTest
	@ValueSource(strings = { "\ud83d", "a\ud83db", "\ude00", "\ude00\ud83d", "\ud83d\ud83d", "x\ud83d\ud83d\ude00" })
	void aLoneSurrogateIsRefusedInValuesAndNames(String text) {
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonWriter(8).value(text))
			.withMessageStartingWith("Unpaired surrogate U+D");
		assertThatIllegalArgumentException().isThrownBy(() -> new JsonWriter(8).beginObject().name(text));
	}

	@Test
	void namesAreEscapedAsValuesAre() {
		assertThat(new JsonWriter(8).beginObject().property("k\"\n😀", "v").endObject().toJson())
			.isEqualTo("{\"k\\\"\\n😀\":\"v\"}");
	}

	@Test
	void numbersAndBooleans() {
		assertThat(new JsonWriter(8).beginArray()
			.value(0)
			.value(-3)
			.value(Long.MIN_VALUE)
			.value(Long.MAX_VALUE)
			.value(true)
			.value(false)
			.endArray()
			.toJson()).isEqualTo("[0,-3,-9223372036854775808,9223372036854775807,true,false]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "3", "1.50", "0.5", "3.0", "1.0E10", "4.9E-324", "-1.7976931348623157E308",
			"1e+5", "123456789012345678901234567890", "0.000001" })
	void numberTextIsWrittenAsItIs(String number) {
		assertThat(new JsonWriter(8).beginArray().numberValue(number).endArray().toJson())
			.isEqualTo("[" + number + "]");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "01", "-01", "1.", ".5", "-", "+1", "1e", "1e+", "1.5e", "NaN", "Infinity", "-Infinity",
			" 1", "1 ", "0x10", "1,2", "true", "\"1\"" })
	void textThatIsNotAJsonNumberIsRefused(String text) {
		JsonWriter writer = new JsonWriter(8).beginArray();
		assertThatIllegalArgumentException().isThrownBy(() -> writer.numberValue(text))
			.withMessageContaining("is not a JSON number");
	}

	@Test
	void commasAndColonsArePlacedByTheWriter() {
		String json = new JsonWriter(8).beginObject()
			.name("a")
			.beginArray()
			.beginObject()
			.endObject()
			.beginObject()
			.property("x", 1)
			.property("y", "z")
			.endObject()
			.beginArray()
			.endArray()
			.value("s")
			.endArray()
			.property("b", true)
			.name("c")
			.beginObject()
			.endObject()
			.endObject()
			.toJson();
		assertThat(json).isEqualTo("{\"a\":[{},{\"x\":1,\"y\":\"z\"},[],\"s\"],\"b\":true,\"c\":{}}");
	}

	@Test
	void aRootScalarIsAValue() {
		assertThat(new JsonWriter(8).value("s").toJson()).isEqualTo("\"s\"");
	}

	@Test
	void whatIsNotOneWellFormedValueIsRefused() {
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginArray().name("a"));
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).name("a"));
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginObject().value("v"));
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginObject().name("a").name("b"));
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginObject().name("a").endObject());
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginObject().endArray());
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginArray().endObject());
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).endObject());
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).value(1).value(2));
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginObject().endObject().beginObject());
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).beginObject().toJson());
		assertThatIllegalStateException().isThrownBy(() -> new JsonWriter(8).toUtf8());
	}

	@Test
	void nestingDeeperThanTheFirstGuessGrows() {
		JsonWriter writer = new JsonWriter(64);
		for (int i = 0; i < 40; i++) {
			writer.beginArray();
		}
		for (int i = 0; i < 40; i++) {
			writer.endArray();
		}
		assertThat(writer.toJson()).isEqualTo("[".repeat(40) + "]".repeat(40));
	}

	private static String string(String text) {
		return new JsonWriter(8).value(text).toJson();
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
