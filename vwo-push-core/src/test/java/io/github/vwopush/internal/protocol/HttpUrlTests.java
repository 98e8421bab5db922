package io.github.vwopush.internal.protocol;

import java.net.URI;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class HttpUrlTests {

	@Test
	void anHttpsUrlWithAHostIsTakenAsItIs() {
		assertThat(HttpUrl.parse(" https://dev.visualwebsiteoptimizer.com/ "))
			.isEqualTo(URI.create("https://dev.visualwebsiteoptimizer.com/"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "https://user:secret@vwo.example/", "https://user:secret@host_name.internal/",
			"https://user:secret@vwo.example:99999/", "https:user:secret@vwo.example", "http://secret@edge_host:70000",
			"https://us er:secret@vwo.example/" })
	void aUrlWithCredentialsIsRefusedWithoutRepeatingThem(String url) {
		assertThatExceptionOfType(HttpUrl.InvalidUrlException.class).isThrownBy(() -> HttpUrl.parse(url))
			.withMessageNotContaining("secret");
	}

	@Test
	void whatIsNotAnHttpUrlIsShownAsItIs() {
		assertThatExceptionOfType(HttpUrl.InvalidUrlException.class).isThrownBy(() -> HttpUrl.parse("ftp://x"))
			.withMessage("is 'ftp://x', which is not an http(s) URL with a host and without a query");
	}

}
