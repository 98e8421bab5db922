package io.github.vwopush.protocol;

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

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
