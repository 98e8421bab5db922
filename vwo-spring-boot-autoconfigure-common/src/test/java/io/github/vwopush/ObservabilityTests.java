package io.github.vwopush;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoEndpointAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoHealthContributorAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoMetricsAutoConfiguration;
import io.github.vwopush.health.VwoHealthReport;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Counts that operators can trust to the last dimension, health from in-memory state, and
 * an SDK key that never shows.
 */
@ExtendWith(OutputCaptureExtension.class)
class ObservabilityTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final JsonMapper JSON = JsonMapper.builder().findAndAddModules().build();

	private ApplicationContextRunner runner(String... properties) {
		return VwoWireMock.runner(vwo)
			.withConfiguration(RunningBootLine.metrics())
			.withConfiguration(AutoConfigurations.of(VwoMetricsAutoConfiguration.class,
					VwoHealthContributorAutoConfiguration.class, VwoEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=vwo", "vwo.retry.max-attempts=2")
			.withPropertyValues(properties);
	}

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void countsAreExactInMetricsAndEndpoint(CapturedOutput output) {
		runner().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			// N = 5 valid and delivered
			for (int i = 0; i < 5; i++) {
				assertThat(service.push("ok" + i, "v", "user-" + i)).isTrue();
			}
			// M = 3 invalid
			assertThat(service.push("k", "x".repeat(256), "u")).isFalse();
			assertThat(service.push(" ", "v", "u")).isFalse();
			assertThat(service.push("k", "v", null)).isFalse();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			// K = 4 answered 500 (2) and 400 (2)
			vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(500)));
			service.push(Map.of("a", "1", "b", "2"), "u");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(400)));
			service.push(Map.of("c", "3", "d", "4"), "u");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();

			assertThat(count(registry, "success", "none")).isEqualTo(5);
			assertThat(count(registry, "rejected", "value_too_long")).isEqualTo(1);
			assertThat(count(registry, "rejected", "invalid_key")).isEqualTo(1);
			assertThat(count(registry, "rejected", "missing_user_id")).isEqualTo(1);
			assertThat(count(registry, "failure", "http_5xx")).isEqualTo(2);
			assertThat(count(registry, "failure", "http_4xx")).isEqualTo(2);
			assertThat(registry.get("vwo.push.dimensions")
				.functionCounters()
				.stream()
				.mapToDouble((c) -> c.count())
				.sum()).isEqualTo(12);
			// The 500s: the request once, then, with no other traffic to probe with, each of its halves once more
			// (max-attempts=2 counts for the request, its halves included).
			assertThat(registry.get("vwo.push.requests").tag("status", "500").timer().count()).isEqualTo(3);
			assertThat(registry.get("vwo.push.requests").tag("outcome", "SUCCESS").timer().count()).isEqualTo(1);
			assertThat(registry.get("vwo.push.queue.size").gauge().value()).isZero();
			assertThat(registry.get("vwo.push.pending").gauge().value()).isZero();
			// The accounting equation, from the meters alone: 9 accepted = 5 success + 4 failure.
			assertThat(registry.get("vwo.push.accepted").functionCounter().count()).isEqualTo(9);
			assertThat(registry.get("vwo.push.recovered").functionCounter().count()).isZero();
			double settled = 0;
			for (String result : List.of("success", "handed_off", "failure", "dropped", "spooled")) {
				settled += registry.get("vwo.push.dimensions").tag("result", result).functionCounters().stream()
					.mapToDouble((c) -> c.count())
					.sum();
			}
			assertThat(settled + registry.get("vwo.push.pending").gauge().value()
					+ registry.get("vwo.push.spool.parked").gauge().value())
				.isEqualTo(registry.get("vwo.push.accepted").functionCounter().count()
						+ registry.get("vwo.push.recovered").functionCounter().count());

			VwoEndpoint.VwoDescriptor descriptor = context.getBean(VwoEndpoint.class).vwo();
			assertThat(descriptor.counts().accepted()).isEqualTo(9);
			assertThat(descriptor.counts().results()).containsExactly(Map.entry("success", 5L),
					Map.entry("rejected", 3L), Map.entry("failure", 4L), Map.entry("handed_off", 0L),
					Map.entry("dropped", 0L), Map.entry("spooled", 0L));
			assertThat(descriptor.counts().reasons().get("failure")).containsOnly(Map.entry("http_4xx", 2L),
					Map.entry("http_5xx", 2L));
			assertThat(descriptor.counts().reasons().get("rejected")).containsOnly(Map.entry("value_too_long", 1L),
					Map.entry("invalid_key", 1L), Map.entry("missing_user_id", 1L));
			String json = JSON.writeValueAsString(descriptor);
			assertThat(json).doesNotContain(VwoWireMock.SDK_KEY).contains("\"sdkKey\":\"******\"");

			VwoHealthReport health = RunningBootLine.health(context);
			assertThat(health.status()).isEqualTo(VwoHealthReport.DEGRADED);
			assertThat(health.details()).containsEntry("lastError", "HTTP 400");
			assertThat(JSON.writeValueAsString(RunningBootLine.healthObject(context)))
				.doesNotContain(VwoWireMock.SDK_KEY);
		});
		assertThat(output).doesNotContain(VwoWireMock.SDK_KEY).contains("VWO push failure [http_4xx]");
	}

	@Test
	void flushWriteOperationReportsCounts() {
		runner("vwo.batch.linger=1m").run((context) -> {
			context.getBean(VwoPushService.class).push("plan", "gold", "u");
			VwoEndpoint.FlushDescriptor flushed = context.getBean(VwoEndpoint.class).flush(null);
			assertThat(flushed.flushed()).isTrue();
			assertThat(flushed.counts().results()).containsEntry("success", 1L);
			assertThat(flushed.queue().pending()).isZero();
		});
	}

	@Test
	void healthIsUpAfterASuccess() {
		runner().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.pushAsync("plan", "gold", "u").get().isDelivered()).isTrue();
			VwoHealthReport health = RunningBootLine.health(context);
			assertThat(health.status()).isEqualTo("UP");
			assertThat(health.details()).containsKeys("lastSuccess", "queueSize", "pending")
				.containsEntry("credentials", VwoCredentials.ACCEPTED);
		});
	}

	@Test
	void healthSaysCredentialsRejectedWhenTheSettingsFetchIsRefused(CapturedOutput output) {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(401)));
		runner().run((context) -> {
			context.getBean(VwoPushService.class).push("plan", "gold", "u");
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(RunningBootLine.health(context).status())
					.isEqualTo(VwoHealthReport.CREDENTIALS_REJECTED));
			assertThat(RunningBootLine.health(context).details()).containsEntry("credentials",
					VwoCredentials.REJECTED);
		});
		assertThat(output).contains("VWO rejected the account id and SDK key (HTTP 401)")
			.doesNotContain(VwoWireMock.SDK_KEY);
	}

	@Test
	void healthIsDownWhenTheSettingsFetchIsRefusedAndDownIsAskedFor() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(401)));
		runner("vwo.health.down-on-rejected-credentials=true").run((context) -> org.awaitility.Awaitility.await()
			.atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(RunningBootLine.health(context).status()).isEqualTo("DOWN")));
	}

	@Test
	void healthIsDegradedNotDownDuringAnOutage(CapturedOutput output) {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
		runner().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			PushResult result = service.pushAsync("plan", "gold", "u").get();
			assertThat(result.single().reason()).isEqualTo(PushReason.HTTP_5XX);
			VwoHealthReport health = RunningBootLine.health(context);
			assertThat(health.status()).isEqualTo(VwoHealthReport.DEGRADED);
			assertThat(health.details()).containsEntry("lastError", "HTTP 503");
		});
		assertThat(output).doesNotContain(VwoWireMock.SDK_KEY);
	}

	@Test
	void transportErrorsNeverLeakTheKey(CapturedOutput output) {
		// Nothing listens on port 9: every attempt is refused, and WebClient's exception message quotes the URI.
		ApplicationContextRunner refused = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + VwoWireMock.SDK_KEY,
					"vwo.base-url=http://127.0.0.1:9", "vwo.retry.max-attempts=2", "vwo.retry.initial-backoff=10ms",
					"vwo.retry.max-backoff=20ms", "vwo.logging.interval=0s");
		refused.run((context) -> {
			PushResult result = context.getBean(VwoPushService.class).pushAsync("plan", "gold", "u").get();
			assertThat(result.single().reason()).isEqualTo(PushReason.IO_ERROR);
			assertThat(result.single().message()).doesNotContain(VwoWireMock.SDK_KEY).contains("io_error (ConnectException)");
		});
		assertThat(output).contains("io_error").doesNotContain(VwoWireMock.SDK_KEY);
	}

	@Test
	void anErrorPageThatEchoesTheRequestNeverLeaksTheKey(CapturedOutput output) {
		// A proxy's error page quoting the request line, query (the key) and headers (the key again).
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(400)
			.withBody("Bad request: POST /server-side/batch-events?a=123456&env=" + VwoWireMock.SDK_KEY
					+ " Authorization: " + VwoWireMock.SDK_KEY)));
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(500).withBody("no settings for i=" + VwoWireMock.SDK_KEY)));
		runner("vwo.logging.interval=0s").run((context) -> {
			PushResult result = context.getBean(VwoPushService.class).pushAsync("plan", "gold", "u").get();
			assertThat(result.single().reason()).isEqualTo(PushReason.HTTP_4XX);
			assertThat(result.single().message()).contains("env=REDACTED").doesNotContain(VwoWireMock.SDK_KEY);
			assertThat(JSON.writeValueAsString(RunningBootLine.healthObject(context)))
				.doesNotContain(VwoWireMock.SDK_KEY);
			assertThat(JSON.writeValueAsString(context.getBean(VwoEndpoint.class).vwo()))
				.doesNotContain(VwoWireMock.SDK_KEY);
		});
		assertThat(output).contains("http_4xx").doesNotContain(VwoWireMock.SDK_KEY);
	}

	@Test
	void sdkKeyIsMaskedInEnvAndConfigprops() {
		runner().run((context) -> {
			SanitizingFunction sanitizer = context.getBean("vwoSdkKeySanitizingFunction", SanitizingFunction.class);
			MapPropertySource source = new MapPropertySource("test", Map.of());
			for (String key : new String[] { "vwo.sdk-key", "sdkKey", "VWO_SDK_KEY" }) {
				assertThat(sanitizer.apply(new SanitizableData(source, key, VwoWireMock.SDK_KEY)).getValue())
					.isEqualTo(SanitizableData.SANITIZED_VALUE);
			}
			assertThat(sanitizer.apply(new SanitizableData(source, "SPRING_APPLICATION_JSON",
					"{\"vwo\":{\"sdk-key\":\"" + VwoWireMock.SDK_KEY + "\"}}"))
				.getValue()).isEqualTo(SanitizableData.SANITIZED_VALUE);
			assertThat(sanitizer.apply(new SanitizableData(source, "vwo.account-id", "123456")).getValue())
				.isEqualTo("123456");
		});
	}

	@Test
	void devModeIsNotCountedAsSuccess() {
		runner("vwo.dev-mode=true").run((context) -> {
			context.getBean(VwoPushService.class).push(new LinkedHashMap<>(Map.of("a", "1", "b", "2")), "u");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(count(registry, "dropped", "dev_mode")).isEqualTo(2);
			assertThat(count(registry, "success", "none")).isZero();
		});
	}

	private static double count(MeterRegistry registry, String result, String reason) {
		return registry.get("vwo.push.dimensions")
			.tag("result", result)
			.tag("reason", reason)
			.functionCounter()
			.count();
	}

}
