package io.github.vwopush.protocol;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Temporary: JsonWriter against the Jackson generator it replaces, before Jackson leaves the
 * main classpath.
 */
class JacksonJsonWriterComparisonTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void everyCharOfTheBasicPlaneAloneIsWrittenAsJacksonWritesIt() {
		List<String> differences = new ArrayList<>();
		int compared = 0;
		for (int c = 0; c <= 0xFFFF; c++) {
			if (Character.isSurrogate((char) c)) {
				continue;
			}
			String text = String.valueOf((char) c);
			compared++;
			if (!jackson(text).equals(ours(text))) {
				differences.add(String.format("U+%04X: %s vs %s", c, jackson(text), ours(text)));
			}
		}
		assertThat(compared).isEqualTo(0x10000 - 0x800);
		assertThat(differences).isEmpty();
	}

	@Test
	void everySurrogatePairIsWrittenAsJacksonWritesIt() {
		List<String> differences = new ArrayList<>();
		for (int codePoint = 0x10000; codePoint <= 0x10FFFF; codePoint++) {
			String text = new String(Character.toChars(codePoint));
			if (!jackson(text).equals(ours(text))) {
				differences.add(String.format("U+%X", codePoint));
			}
		}
		assertThat(differences).isEmpty();
	}

	@Test
	void mixedStringsAreWrittenAsJacksonWritesThem() {
		List<String> samples = List.of("", "plan", "gold", "välue \"q\"\\&x=1", "emoji 😀👍🏽 and ユーザー",
				"a\u0000b\u001fc\u007fd\u0080e\u009ff", "\b\t\n\u000b\f\r", "</script>", "\u2028\u2029\ufeff\ufffe\uffff",
				"😀😀", "x😀", "😀x", "{\"u\":1}", "'single'", "/slash/", "%7B%22u%22%3A%7B%22plan%22%7D%7D",
				"a".repeat(300) + "😀" + "\\".repeat(10));
		for (String sample : samples) {
			assertThat(ours(sample)).as(sample).isEqualTo(jackson(sample));
			assertThat(oursAsName(sample)).as(sample).isEqualTo(jacksonAsName(sample));
		}
	}

	@Test
	void loneSurrogatesAreEscapedByJacksonAndRefusedByUs() {
		assertThat(jacksonText("a\ud83db")).isEqualTo("\"a\\uD83Db\"");
		assertThat(jacksonText("a\ude00")).isEqualTo("\"a\\uDE00\"");
		assertThat(jacksonText("\ude00\ud83d")).isEqualTo("\"\\uDE00\\uD83D\"");
		assertThat(jacksonText("x\ud83d\ud83d\ude00")).isEqualTo("\"x\\uD83D😀\"");
		for (String lone : List.of("\ud83d", "a\ud83db", "a\ude00", "\ude00\ud83d", "\ud83d\ud83d", "x\ud83d\ud83d\ude00")) {
			assertThatIllegalArgumentException().isThrownBy(() -> ours(lone));
		}
	}

	@Test
	void numbersAndBooleansAreWrittenAsJacksonWritesThem() {
		for (long number : new long[] { 0, 3, -1, 1795392382L, 1795392382254L, Long.MIN_VALUE, Long.MAX_VALUE }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (JsonGenerator json = JSON.createGenerator(out)) {
				json.writeStartObject();
				json.writeNumberProperty("n", number);
				json.writeEndObject();
			}
			assertThat(new JsonWriter(16).beginObject().property("n", number).endObject().toUtf8())
				.isEqualTo(out.toByteArray());
		}
		for (String number : List.of("3", "-0", "1.50", "0.5", "3.0", "1.0E10", "4.9E-324", "-1.7976931348623157E308",
				"123456789012345678901234567890", "0.000001")) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (JsonGenerator json = JSON.createGenerator(out)) {
				json.writeStartObject();
				json.writeName("n");
				json.writeNumber(number);
				json.writeEndObject();
			}
			assertThat(new JsonWriter(16).beginObject().name("n").numberValue(number).endObject().toUtf8())
				.isEqualTo(out.toByteArray());
		}
		for (boolean value : new boolean[] { true, false }) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (JsonGenerator json = JSON.createGenerator(out)) {
				json.writeStartObject();
				json.writeBooleanProperty("b", value);
				json.writeEndObject();
			}
			assertThat(new JsonWriter(16).beginObject().property("b", value).endObject().toUtf8())
				.isEqualTo(out.toByteArray());
		}
	}

	@Test
	void nestedContainersAreWrittenAsJacksonWritesThem() {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeName("ev");
			json.writeStartArray();
			json.writeStartObject();
			json.writeEndObject();
			json.writeStartObject();
			json.writeNumberProperty("eT", 3);
			json.writeName("e");
			json.writeStartArray();
			json.writeEndArray();
			json.writeStringProperty("t", "x");
			json.writeEndObject();
			json.writeEndArray();
			json.writeBooleanProperty("z", false);
			json.writeEndObject();
		}
		byte[] ours = new JsonWriter(16).beginObject()
			.name("ev")
			.beginArray()
			.beginObject()
			.endObject()
			.beginObject()
			.property("eT", 3)
			.name("e")
			.beginArray()
			.endArray()
			.property("t", "x")
			.endObject()
			.endArray()
			.property("z", false)
			.endObject()
			.toUtf8();
		assertThat(ours).isEqualTo(out.toByteArray());
	}

	private static String jackson(String text) {
		return hex(jacksonBytes(text));
	}

	private static String jacksonText(String text) {
		return new String(jacksonBytes(text), StandardCharsets.UTF_8);
	}

	private static byte[] jacksonBytes(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeString(text);
		}
		return out.toByteArray();
	}

	private static String jacksonAsName(String text) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (JsonGenerator json = JSON.createGenerator(out)) {
			json.writeStartObject();
			json.writeNumberProperty(text, 1);
			json.writeEndObject();
		}
		return hex(out.toByteArray());
	}

	private static String ours(String text) {
		return hex(new JsonWriter(8).value(text).toUtf8());
	}

	private static String oursAsName(String text) {
		return hex(new JsonWriter(8).beginObject().property(text, 1).endObject().toUtf8());
	}

	/** Bytes, so that a difference in the UTF-8 encoding shows too. */
	private static String hex(byte[] bytes) {
		StringBuilder text = new StringBuilder();
		for (byte b : bytes) {
			text.append(String.format("%02X", b));
		}
		return text.toString();
	}

}
