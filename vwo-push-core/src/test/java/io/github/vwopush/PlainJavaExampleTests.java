package io.github.vwopush;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The README's plain Java example ("Without Spring Boot"), run as written against WireMock
 * standing in for VWO.
 */
class PlainJavaExampleTests {

	private static final long ACCOUNT_ID = 123456;

	private static final String SDK_KEY = "plain-java-sdk-key";

	private final WireMockServer vwo = new WireMockServer(wireMockConfig().dynamicPort());

	@BeforeEach
	void startVwo() {
		this.vwo.start();
		this.vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		this.vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
	}

	@AfterEach
	void stopVwo() {
		this.vwo.stop();
	}

	// README: begin
	static void pushOnce(long accountId, String sdkKey, String baseUrl) {
		VwoPushEngine engine = VwoPushEngine.builder(accountId, sdkKey).baseUrl(baseUrl).build();
		engine.start();
		engine.push("plan", "gold", "user-42");
		engine.flush(Duration.ofSeconds(10));
		engine.stop(Duration.ofSeconds(10));
	}
	// README: end

	@Test
	void theExampleDeliversThePushBeforeStopReturns() {
		pushOnce(ACCOUNT_ID, SDK_KEY, this.vwo.baseUrl());
		this.vwo.verify(1, getRequestedFor(urlPathEqualTo("/server-side/settings")));
		this.vwo.verify(1, postRequestedFor(urlPathEqualTo("/server-side/batch-events"))
			.withQueryParam("a", equalTo(Long.toString(ACCOUNT_ID)))
			.withRequestBody(containing("plan")));
	}

	@Test
	void theEngineCountsTheDeliveryAndSaysStopFinishedInTime() {
		VwoPushEngine engine = VwoPushEngine.builder(ACCOUNT_ID, SDK_KEY).baseUrl(this.vwo.baseUrl()).build();
		engine.start();
		assertThat(engine.push("plan", "gold", "user-42")).isTrue();
		assertThat(engine.flush(Duration.ofSeconds(10))).isTrue();
		assertThat(engine.stop(Duration.ofSeconds(10))).isTrue();
		assertThat(engine.state().count(PushReason.DELIVERED)).isEqualTo(1);
		assertThat(engine.state().accepted()).isEqualTo(1);
		assertThat(engine.state().pending()).isZero();
		assertThat(engine.state().lastSuccess()).isNotNull();
		assertThat(engine.isRunning()).isFalse();
	}

	/**
	 * Stop right after a push delivers it and returns once it is delivered, not at its
	 * deadline: the drain parked once more after the last answer, until the deadline (3 s of
	 * a 3 s stop for a push delivered within 400 ms).
	 */
	@Test
	void stopRightAfterAPushDeliversItAndDoesNotWaitOutItsDeadline() {
		VwoPushEngine engine = VwoPushEngine.builder(ACCOUNT_ID, SDK_KEY).baseUrl(this.vwo.baseUrl()).build();
		engine.start();
		assertThat(engine.push("plan", "gold", "user-42")).isTrue();
		long started = System.nanoTime();
		assertThat(engine.stop(Duration.ofSeconds(30))).isTrue();
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(15));
		assertThat(engine.state().count(PushReason.DELIVERED)).isEqualTo(1);
	}

	@Test
	void theReadmeShowsTheseLines() throws IOException {
		List<String> source = Files.readAllLines(Path.of("src/test/java/io/github/vwopush/PlainJavaExampleTests.java"),
				StandardCharsets.UTF_8);
		List<String> example = source.subList(source.indexOf("\t// README: begin") + 1,
				source.indexOf("\t// README: end"));
		assertThat(example).hasSize(7);
		String readme = Files.readString(Path.of("../README.md"), StandardCharsets.UTF_8);
		StringBuilder shown = new StringBuilder();
		for (String line : example) {
			// A tab here, four spaces in the README.
			shown.append(line.replace("\t", "    ")).append('\n');
		}
		assertThat(readme).contains(shown);
	}

	@Test
	void theBuilderReportsEveryBadSettingByItsPropertyAndNeverTheKey() {
		assertThatExceptionOfType(InvalidVwoSettingException.class)
			.isThrownBy(() -> VwoPushEngine.builder(0, " " + SDK_KEY).batching(0, Duration.ZERO).build())
			.satisfies((ex) -> assertThat(ex.problems()).extracting(InvalidVwoSettingException::setting)
				.containsExactly("vwo.account-id", "vwo.sdk-key", "vwo.batch.max-events", "vwo.batch.linger"))
			.satisfies((ex) -> assertThat(ex.getMessage()).contains("vwo.batch.max-events is 0, outside 1 to 5000")
				.doesNotContain(SDK_KEY));
		assertThat(VwoPushEngine.builder(ACCOUNT_ID, SDK_KEY)).asString().doesNotContain(SDK_KEY);
	}

	@Test
	void buildStartsNoThreadAndSendsNothing() {
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		VwoPushEngine engine = VwoPushEngine.builder(ACCOUNT_ID, SDK_KEY).baseUrl(this.vwo.baseUrl()).build();
		try {
			assertThat(Thread.getAllStackTraces().keySet()).filteredOn((thread) -> !before.contains(thread))
				.extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("vwo-push"));
			assertThat(this.vwo.getAllServeEvents()).isEmpty();
		}
		finally {
			engine.close();
		}
	}

}
