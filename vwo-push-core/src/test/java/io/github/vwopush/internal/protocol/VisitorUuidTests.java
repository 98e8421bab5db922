package io.github.vwopush.internal.protocol;

import java.util.UUID;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VisitorUuidTests {

	@Test
	void vwoNamespaceIsTheDocumentedConstant() {
		assertThat(VisitorUuid.VWO_NAMESPACE).isEqualTo(UUID.fromString("11e13cd7-6c48-53ec-8679-7e9c752273c5"));
	}

	@Test
	void accountNamespaceHashesTheDecimalAccountId() {
		assertThat(VisitorUuid.forAccount(123456).accountNamespace())
			.isEqualTo(UUID.fromString("2c8c0b1f-b085-5312-ab17-3c3533b2b3c7"));
	}

	@ParameterizedTest
	@CsvSource({ "123456, Ashley, 4C9BA81BAF53591488EB5FD5E66A98B9",
			"123456, user-42, 1590AE793778516397DB9E363F5C63C1",
			"123456, ユーザー, 734E0B83D8785AF495C26C25C54BD830",
			"12345, Varun, C4D95C097902569F9A2D2E87CD3201C8" })
	void matchesTheProtocolTestVectors(long accountId, String userId, String expected) {
		assertThat(VisitorUuid.forAccount(accountId).of(userId)).isEqualTo(expected);
	}

}
