package io.github.vwopush.internal.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SettingsFileReaderTests {

	@Test
	void onlyTopLevelFieldsCount() {
		String json = "{\"campaigns\":[{\"collectionPrefix\":\"nested1\",\"isEventArchEnabled\":true}],"
				+ "\"settings\":{\"collectionPrefix\":\"nested2\",\"deeper\":{\"collectionPrefix\":\"nested3\"}},"
				+ "\"accountId\":123456}";
		assertThat(SettingsFile.parse(bytes(json))).isEqualTo(new SettingsFile(null, false));
	}

	@Test
	void topLevelFieldsAfterNestedOnesAreFound() {
		String json = "{\"campaigns\":[{\"collectionPrefix\":\"us\",\"variations\":[[1,2,{\"a\":[]}]]}],"
				+ "\"collectionPrefix\":\"eu01\",\"isEventArchEnabled\":true}";
		assertThat(SettingsFile.parse(bytes(json))).isEqualTo(new SettingsFile("eu01", true));
	}

	@Test
	void fedOneByteAtATimeGivesTheSameResult() {
		String json = "{\"name\":\"ユーザー 😀\",\"list\":[{\"collectionPrefix\":\"x\"}],\"collectionPrefix\":\"eu01\","
				+ "\"isEventArchEnabled\":true}";
		SettingsFileReader reader = new SettingsFileReader();
		for (byte b : bytes(json)) {
			reader.feed(ByteBuffer.wrap(new byte[] { b }));
		}
		assertThat(reader.finish()).isEqualTo(new SettingsFile("eu01", true));
	}

	@Test
	void theLastDuplicateWinsAsInATree() {
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":\"eu01\",\"collectionPrefix\":{\"a\":1}}")))
			.isEqualTo(new SettingsFile(null, false));
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":1,\"collectionPrefix\":\"eu01\"}")))
			.isEqualTo(new SettingsFile("eu01", false));
	}

	@Test
	void prefixesThatAreNotAPathSegmentAreIgnored() {
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":\"../evil\",\"isEventArchEnabled\":\"true\"}")))
			.isEqualTo(new SettingsFile(null, false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"a\":", "{\"a\":1,}", "not json", "{} trailing", "{}{}", "{\"a\":[1,2}" })
	void invalidJsonIsRejected(String body) {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(body)))
			.withMessage("The settings file is not valid JSON");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  ", "[]", "null", "\"s\"", "1" })
	void aBodyThatIsNotAnObjectIsRejected(String body) {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(body)))
			.withMessage("The settings file is not a JSON object");
	}

	@ParameterizedTest
	@ValueSource(strings = { "01", "-", "tru", "\"s", "x", "{" })
	void aBodyThatIsNotValidJsonIsRejectedAsSuchEvenWhenItIsNoObject(String body) {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(body)))
			.withMessage("The settings file is not valid JSON");
	}

	@Test
	void aRealisticFileSplitAtEveryByteGivesTheSameResult() throws IOException {
		byte[] file = settingsFile();
		SettingsFile expected = new SettingsFile("eu01", true, false);
		assertThat(SettingsFile.parse(file)).isEqualTo(expected);
		for (int split = 1; split < file.length; split++) {
			SettingsFileReader reader = new SettingsFileReader();
			reader.feed(ByteBuffer.wrap(file, 0, split));
			reader.feed(ByteBuffer.wrap(file, split, file.length - split));
			assertThat(reader.finish()).as("split at %d", split).isEqualTo(expected);
		}
	}

	@Test
	void escapesInPropertyNamesAreDecoded() {
		assertThat(SettingsFile.parse(bytes("{\"collection\\u0050refix\":\"eu01\",\"is\\u0045ventArchEnabled\":true,"
				+ "\"\\u0069sWebConnectivityEnabled\":false}"))).isEqualTo(new SettingsFile("eu01", true, false));
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":\"e\\u0075\\u0030\\u0031\"}")))
			.isEqualTo(new SettingsFile("eu01", false));
	}

	@Test
	void stringsHoldingJsonPunctuationAreOnlyStrings() {
		String json = "{\"a\":\"{\\\"collectionPrefix\\\":\\\"us\\\"}\",\"b\":\"}]\\\\\",\"c\":[\"[{\\\"\\\\\"],"
				+ "\"collectionPrefix\":\"eu01\",\"d\":\"\\\",\\\"isEventArchEnabled\\\":true\"}";
		assertThat(SettingsFile.parse(bytes(json))).isEqualTo(new SettingsFile("eu01", false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "-0", "7", "-12", "0.5", "-12.50", "1e5", "1E5", "1e+5", "1e-5", "1.5E-05", "0e0",
			"123456789012345678901234567890" })
	void numbersInEveryJsonFormAreRead(String number) {
		String json = "{\"n\":" + number + ",\"list\":[" + number + "," + number + "],\"isEventArchEnabled\":" + number
				+ ",\"collectionPrefix\":\"eu01\"}";
		assertThat(SettingsFile.parse(bytes(json))).isEqualTo(new SettingsFile("eu01", false));
	}

	@ParameterizedTest
	@ValueSource(strings = { "01", "-01", "1.", "-", "1e", "1e+", ".5", "+1", "1.e5", "0x10", "NaN", "Infinity" })
	void numbersNotInJsonFormAreRejected(String number) {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes("{\"n\":" + number + "}")))
			.withMessage("The settings file is not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes("{\"n\":[" + number + "]}")))
			.withMessage("The settings file is not valid JSON");
	}

	@ParameterizedTest
	@ValueSource(strings = { "tru", "nul", "fals", "truex", "nulll", "True", "NULL" })
	void incompleteOrMisspelledLiteralsAreRejected(String literal) {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> SettingsFile.parse(bytes("{\"isEventArchEnabled\":" + literal + "}")))
			.withMessage("The settings file is not valid JSON");
	}

	@Test
	void literalsAreRead() {
		assertThat(SettingsFile.parse(bytes("{\"isEventArchEnabled\":true,\"isWebConnectivityEnabled\":null,"
				+ "\"collectionPrefix\":false,\"x\":[true,false,null]}")))
			.isEqualTo(new SettingsFile(null, true, true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{} x", "{}]", "{}}", "{},", "{} {", "{}\u0000", "{} \"s\"", "{} 1", "{} null" })
	void anythingButWhiteSpaceAfterTheRootObjectIsRejected(String body) {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(body)))
			.withMessage("The settings file is not valid JSON");
	}

	@Test
	void whiteSpaceIsAllowedBetweenTokens() {
		String json = " \t\r\n{ \r\n\t\"collectionPrefix\" \n:\t\"eu01\" ,\r\n \"isEventArchEnabled\"\t: true\n}\r\n\t ";
		assertThat(SettingsFile.parse(bytes(json))).isEqualTo(new SettingsFile("eu01", true));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\u000b}", "{\f}", "{\u00a0}", "{\"a\":\"\t\"}" })
	void otherWhiteSpaceAndRawControlCharactersAreRejected(String body) {
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(body)))
			.withMessage("The settings file is not valid JSON");
	}

	@Test
	void aDeeplyNestedValueIsSkipped() {
		// 500 levels with the root object, the most Jackson accepted before.
		String deep = "[".repeat(498) + "{\"collectionPrefix\":\"us\"}" + "]".repeat(498);
		assertThat(SettingsFile.parse(bytes("{\"a\":" + deep + ",\"collectionPrefix\":\"eu01\"}")))
			.isEqualTo(new SettingsFile("eu01", false));
	}

	@Test
	void absurdlyDeepNestingIsRejected() {
		String tooDeep = "[".repeat(500) + "]".repeat(500);
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes("{\"a\":" + tooDeep + "}")))
			.withMessage("The settings file is not valid JSON");
		String absurd = "{\"a\":[".repeat(1_000_000);
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(absurd)))
			.withMessage("The settings file is not valid JSON");
	}

	@Test
	void aByteOrderMarkIsAllowedFirstAsJacksonAllowedIt() {
		assertThat(SettingsFile.parse(bytes("\ufeff{\"collectionPrefix\":\"eu01\"}")))
			.isEqualTo(new SettingsFile("eu01", false));
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes(" \ufeff{}")))
			.withMessage("The settings file is not valid JSON");
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(bytes("\ufeff")))
			.withMessage("The settings file is not a JSON object");
	}

	@Test
	void malformedUtf8IsRejected() {
		byte[] truncated = { '{', '"', 'a', '"', ':', '"', (byte) 0xC3, '"', '}' };
		assertThatIllegalArgumentException().isThrownBy(() -> SettingsFile.parse(truncated))
			.withMessage("The settings file is not valid JSON");
	}

	@Test
	void aCollectionPrefixTooLongToBeValidIsNotKept() {
		String longest = "a".repeat(64);
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":\"" + longest + "\"}")).collectionPrefix())
			.isEqualTo(longest);
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":\"" + longest + "a\"}")).collectionPrefix()).isNull();
		assertThat(SettingsFile.parse(bytes("{\"collectionPrefix\":\"eu01\",\"collectionPrefix\":\"" + "a".repeat(5_000_000)
				+ "\"}")).collectionPrefix()).isNull();
	}

	@Test
	void overLongPropertyNamesAreNoneOfTheFields() {
		String json = "{\"collectionPrefix" + "x".repeat(100_000) + "\":\"us\",\"" + "y".repeat(100_000)
				+ "\":1,\"collectionPrefix\":\"eu01\"}";
		assertThat(SettingsFile.parse(bytes(json))).isEqualTo(new SettingsFile("eu01", false));
	}

	@Test
	void aMultiMegabyteFileFedIn8KbChunks() {
		StringBuilder json = new StringBuilder("{\"accountId\":123456,\"campaigns\":[");
		for (int i = 0; json.length() < 8 * 1024 * 1024; i++) {
			json.append((i > 0) ? "," : "")
				.append("{\"id\":")
				.append(i)
				.append(",\"key\":\"campaign-")
				.append(i)
				.append(" é😀\",\"collectionPrefix\":\"decoy\",\"weight\":12.5e-1,\"enabled\":true,")
				.append("\"variations\":[{\"id\":1,\"changes\":{},\"name\":\"\\u00e9\\\"\"},{\"id\":2,\"x\":null}]}");
		}
		json.append("],\"collectionPrefix\":\"eu01\",\"isEventArchEnabled\":true}");
		byte[] file = bytes(json.toString());
		assertThat(file.length).isGreaterThan(8 * 1024 * 1024);
		SettingsFileReader reader = new SettingsFileReader();
		for (int from = 0; from < file.length; from += 8192) {
			reader.feed(ByteBuffer.wrap(file, from, Math.min(8192, file.length - from)));
		}
		assertThat(reader.finish()).isEqualTo(new SettingsFile("eu01", true));
	}

	private static byte[] settingsFile() throws IOException {
		try (InputStream in = SettingsFileReaderTests.class.getResourceAsStream("settings-file.json")) {
			assertThat(in).isNotNull();
			return in.readAllBytes();
		}
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
