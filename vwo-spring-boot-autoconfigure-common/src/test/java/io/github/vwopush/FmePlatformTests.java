package io.github.vwopush;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.autoconfigure.InvalidVwoProperties;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.vwopush.VwoWireMock.ACCOUNT_ID;
import static io.github.vwopush.VwoWireMock.SDK_KEY;
import static io.github.vwopush.VwoWireMock.body;
import static io.github.vwopush.VwoWireMock.pushRequests;
import static io.github.vwopush.VwoWireMock.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code vwo.platform=fme}: the settings file from {@code /server-side/v2-settings}, whole
 * event-architecture payloads batched to {@code /server-side/batch-events-v2}, web visitors'
 * ids as they are, a gateway without collection prefix, and the transports FME accepts.
 */
class FmePlatformTests {

	private static final String BATCH_V2 = "/server-side/batch-events-v2";

	private static final VisitorUuid UUIDS = VisitorUuid.forAccount(ACCOUNT_ID);

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	private static ApplicationContextRunner fme(String... properties) {
		return VwoWireMock.runner(vwo, "vwo.platform=fme").withPropertyValues(properties);
	}

	private static void settings(String json) {
		vwo.stubFor(get(urlPathEqualTo("/server-side/v2-settings")).atPriority(1)
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(json)));
	}

	@Test
	void pushesAreEventArchitecturePayloadsBatchedToBatchEventsV2() {
		settings("{\"collectionPrefix\":\"eu01\"}");
		fme().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> alice = new LinkedHashMap<>();
			alice.put("plan", "gold");
			alice.put("name", "ユーザー \"q\" &=%+");
			service.push(alice, "alice");
			service.push("plan", "silver", "bob");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			List<LoggedRequest> settingsRequests = vwo.getAllServeEvents()
				.stream()
				.map((served) -> served.getRequest())
				.filter((served) -> served.getUrl().contains("settings?"))
				.toList();
			assertThat(settingsRequests).isNotEmpty()
				.allSatisfy((fetch) -> assertThat(fetch.getUrl()).startsWith("/server-side/v2-settings?"));
			Map<String, String> settingsQuery = query(settingsRequests.get(0));
			assertThat(settingsQuery.keySet()).containsExactly("a", "i", "r", "api-version", "sn", "sv", "s");
			assertThat(settingsQuery).containsEntry("api-version", "3").containsEntry("s", "prod");
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).hasSize(1);
			LoggedRequest request = requests.get(0);
			assertThat(request.getMethod().getName()).isEqualTo("POST");
			assertThat(request.getUrl()).startsWith("/eu01" + BATCH_V2 + "?");
			assertThat(query(request)).containsExactly(Map.entry("a", Long.toString(ACCOUNT_ID)),
					Map.entry("env", SDK_KEY));
			assertThat(request.getHeader("Authorization")).isEqualTo(SDK_KEY);
			assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
			JsonNode ev = body(request).path("ev");
			assertThat(ev.size()).isEqualTo(2);
			assertPayload(ev.get(0), UUIDS.of("alice"), alice);
			assertPayload(ev.get(1), UUIDS.of("bob"), Map.of("plan", "silver"));
		});
	}

	private static void assertPayload(JsonNode payload, String visitor, Map<String, String> dimensions) {
		assertThat(VwoWireMock.names(payload)).containsExactly("d");
		JsonNode d = payload.path("d");
		assertThat(VwoWireMock.names(d)).containsExactly("msgId", "visId", "sessionId", "event", "visitor");
		assertThat(d.path("msgId").asText()).matches(visitor + "-[0-9]{13}");
		assertThat(d.path("visId").asText()).isEqualTo(visitor);
		assertThat(d.path("sessionId").isNumber()).isTrue();
		assertThat(d.path("event").path("name").asText()).isEqualTo("vwo_syncVisitorProp");
		assertThat(d.path("event").path("props").path("vwo_envKey").asText()).isEqualTo(SDK_KEY);
		assertThat(d.path("event").path("props").path("isCustomEvent").asBoolean()).isTrue();
		Map<String, String> props = new LinkedHashMap<>();
		d.path("visitor").path("props").properties().forEach((entry) -> props.put(entry.getKey(), entry.getValue().asText()));
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("vwo_fs_environment", SDK_KEY);
		expected.putAll(dimensions);
		assertThat(props).containsExactlyEntriesOf(expected);
	}

	@Test
	void twoPayloadsOfOneVisitorInOneRequestHaveTheirOwnMessageIds() {
		fme("vwo.batch.max-events=100").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			for (int i = 0; i < 5; i++) {
				service.push("plan", "v" + i, "alice");
				service.push("plan", "v" + i, "bob");
			}
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			List<String> ids = new ArrayList<>();
			for (LoggedRequest request : pushRequests(vwo)) {
				body(request).path("ev").forEach((payload) -> ids.add(payload.path("d").path("msgId").asText()));
			}
			assertThat(ids).hasSize(10);
			assertThat(new HashSet<>(ids)).hasSize(10);
		});
	}

	@Test
	void aWebVisitorsIdIsTheVisitorIdUnlessTheSettingsTurnItOff() {
		String web = "D" + "0123456789ABCDEF0123456789abcdef";
		// As in VWO's FME SDKs, a file that does not mention the flag leaves it on.
		settings("{\"collectionPrefix\":null}");
		fme().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", web);
			service.push("plan", "gold", "D0123");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(visitors()).containsExactlyInAnyOrder(web, UUIDS.of("D0123"));
		});
		VwoWireMock.healthy(vwo);
		settings("{\"isWebConnectivityEnabled\":false}");
		fme().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", web);
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(visitors()).containsExactly(UUIDS.of(web));
		});
	}

	@Test
	void fullStackNeverPassesAWebVisitorsIdThrough() {
		String web = "J" + "0123456789ABCDEF0123456789abcdef";
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).atPriority(1)
			.willReturn(aResponse().withStatus(200).withBody("{\"isWebConnectivityEnabled\":true}")));
		VwoWireMock.runner(vwo, "vwo.transport=event-arch").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", web);
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(body(pushRequests(vwo).get(0)).path("d").path("visId").asText()).isEqualTo(UUIDS.of(web));
		});
	}

	private static Set<String> visitors() {
		Set<String> visitors = new HashSet<>();
		for (LoggedRequest request : pushRequests(vwo)) {
			body(request).path("ev").forEach((payload) -> visitors.add(payload.path("d").path("visId").asText()));
		}
		return visitors;
	}

	@Test
	void aGatewayGetsEverythingWithoutTheCollectionPrefixOneEventArchitectureRequestAtATime() {
		settings("{\"collectionPrefix\":\"eu01\"}");
		// VWO's gateway has no batch-events-v2: its FME SDKs turn batching off with a gateway, and so do we.
		VwoWireMock.runner(vwo, "vwo.platform=fme", "vwo.base-url=https://dev.visualwebsiteoptimizer.com",
				"vwo.gateway-url=" + vwo.baseUrl())
			.run((context) -> {
				VwoPushService service = context.getBean(VwoPushService.class);
				service.push("plan", "gold", "alice");
				assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
				assertThat(pushRequests(vwo)).extracting(LoggedRequest::getUrl)
					.singleElement()
					.asString()
					.startsWith("/events/t?");
			});
	}

	@Test
	void aGatewayIsRefusedWhereItCannotWork() {
		String gateway = "vwo.gateway-url=" + vwo.baseUrl();
		fme(gateway, "vwo.transport=batch-v2").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("a VWO gateway does not accept"));
		fme(gateway, "vwo.collection-prefix=eu01").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("vwo.collection-prefix"));
		VwoWireMock.runner(vwo, gateway).run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("FME"));
		fme("vwo.gateway-url=https://user:secret@gateway.example").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("credentials")
			.hasMessageNotContaining("secret"));
	}

	@Test
	void theSingleEventArchitectureRequestStaysAvailable() {
		fme("vwo.transport=event-arch").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", "alice");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			LoggedRequest request = pushRequests(vwo).get(0);
			assertThat(request.getUrl()).startsWith("/events/t?");
			assertThat(body(request).path("d").path("visitor").path("props").path("plan").asText()).isEqualTo("gold");
		});
	}

	@Test
	void eachPlatformRefusesTheOthersTransports() {
		fme("vwo.transport=legacy").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.satisfies((ex) -> {
				InvalidVwoProperties.assertInvalid(ex, "vwo.transport", "batch-v2");
				assertThat(ex.getMessage()).contains("'legacy'", "fme");
			}));
		fme("vwo.transport=batch").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.hasMessageContaining("'batch'"));
		VwoWireMock.runner(vwo, "vwo.transport=batch-v2").run((context) -> assertThat(context).hasFailed()
			.getFailure()
			.rootCause()
			.satisfies((ex) -> InvalidVwoProperties.assertInvalid(ex, "vwo.transport", "vwo.platform=fme")));
	}

	@Test
	void batchV2SplitsOn413AndRetriesLikeEveryTransport() throws Exception {
		vwo.stubFor(post(urlPathEqualTo(BATCH_V2)).atPriority(1)
			.withRequestBody(containing("HUGE"))
			.willReturn(aResponse().withStatus(413)));
		vwo.stubFor(post(urlPathEqualTo(BATCH_V2)).atPriority(2)
			.inScenario("flaky")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("up"));
		fme().run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			service.push("plan", "gold", "alice");
			service.push("plan", "silver", "bob");
			CompletableFuture<PushResult> huge = service.pushAsync("big", "HUGE", "carol");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(huge.get(1, TimeUnit.SECONDS).get("big").reason()).isEqualTo(PushReason.PAYLOAD_TOO_LARGE);
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 2L),
					Map.entry(PushReason.PAYLOAD_TOO_LARGE, 1L));
			assertThat(service.counters().byReason()).doesNotContainKey(PushReason.HTTP_5XX);
		});
	}

	@Test
	void batchV2PayloadsKeepNumbersAndBooleansAsJsonTypes() {
		fme().run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, Object> typed = new LinkedHashMap<>();
			typed.put("score", 3);
			typed.put("ratio", new java.math.BigDecimal("0.50"));
			typed.put("vip", true);
			typed.put("plan", "7");
			service.push(typed, "alice");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			String body = pushRequests(vwo).get(0).getBodyAsString();
			assertThat(body).contains("\"vwo_fs_environment\":\"" + SDK_KEY + "\",\"score\":3,\"ratio\":0.50,\"vip\":true,\"plan\":\"7\"}");
		});
	}

	@Test
	void aWingifyBrandedAccountFetchesSettingsFromOneHostAndSendsEventsToAnother() {
		vwo.stubFor(get(urlPathEqualTo("/edge/server-side/v2-settings"))
			.willReturn(aResponse().withStatus(200).withBody("{\"collectionPrefix\":\"eu01\"}")));
		VwoWireMock.runner(vwo, "vwo.platform=fme", "vwo.base-url=" + vwo.baseUrl() + "/collect",
				"vwo.settings-url=" + vwo.baseUrl() + "/edge")
			.run((context) -> {
				VwoPushService service = context.getBean(VwoPushService.class);
				service.push("plan", "gold", "alice");
				assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
				assertThat(vwo.getAllServeEvents()).extracting((served) -> served.getRequest().getUrl())
					.filteredOn((url) -> url.contains("settings?"))
					.isNotEmpty()
					.allSatisfy((url) -> assertThat(url).startsWith("/edge/server-side/v2-settings?"));
				assertThat(pushRequests(vwo)).extracting(LoggedRequest::getUrl)
					.singleElement()
					.asString()
					.startsWith("/collect/eu01" + BATCH_V2 + "?");
			});
	}

	@Test
	void metricsHealthAndTheEndpointNameThePlatformAndTheTransport() {
		fme("management.endpoints.web.exposure.include=vwo").withConfiguration(RunningBootLine.metrics())
			.withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
					io.github.vwopush.autoconfigure.VwoMetricsAutoConfiguration.class,
					io.github.vwopush.autoconfigure.VwoEndpointAutoConfiguration.class))
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				service.push("plan", "gold", "alice");
				assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
				io.micrometer.core.instrument.MeterRegistry registry = context
					.getBean(io.micrometer.core.instrument.MeterRegistry.class);
				assertThat(registry.get("vwo.push.requests").tag("transport", "batch-v2").timer().count()).isEqualTo(1);
				assertThat(RunningBootLine.health(service).details())
					.containsEntry("platform", "fme")
					.containsEntry("transport", "batch-v2");
				assertThat(context.getBean(io.github.vwopush.actuate.VwoEndpoint.class).vwo().configuration())
					.containsEntry("platform", "fme")
					.containsEntry("transport", "batch-v2");
			});
	}

}
