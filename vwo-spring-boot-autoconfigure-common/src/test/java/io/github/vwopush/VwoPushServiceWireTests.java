package io.github.vwopush;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import com.fasterxml.jackson.databind.JsonNode;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.github.vwopush.VwoWireMock.SDK_KEY;
import static io.github.vwopush.VwoWireMock.batchTags;
import static io.github.vwopush.VwoWireMock.body;
import static io.github.vwopush.VwoWireMock.pushRequests;
import static io.github.vwopush.VwoWireMock.query;
import static io.github.vwopush.VwoWireMock.runner;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What reaches VWO, byte for byte, for each transport; WireMock is the collector.
 */
class VwoPushServiceWireTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final String ASHLEY = VisitorUuid.forAccount(VwoWireMock.ACCOUNT_ID).of("Ashley");

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void batchTransportSendsOneEventPerKey() {
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("plan", "gold", "Ashley")).isTrue();
			Map<String, String> map = new LinkedHashMap<>();
			map.put("my key", "välue \"q\"&x=1");
			map.put("emoji", "😀 \\ %2B");
			assertThat(service.push(map, "Ashley")).containsExactly(Map.entry("my key", true), Map.entry("emoji", true));
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).hasSize(1);
			LoggedRequest request = requests.get(0);
			assertThat(request.getMethod().getName()).isEqualTo("POST");
			assertThat(request.getUrl()).isEqualTo("/server-side/batch-events?a=123456&env=" + SDK_KEY
					+ "&sdk=vwo-spring-boot-starter&sdk-v=" + io.github.vwopush.internal.protocol.SdkIdentity.current().version());
			assertThat(request.getHeader("Authorization")).isEqualTo(SDK_KEY);
			assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
			assertThat(batchTags(request)).containsExactly(Map.entry("plan", "gold"),
					Map.entry("my key", "välue \"q\"&x=1"), Map.entry("emoji", "😀 \\ %2B"));
			for (JsonNode event : body(request).path("ev")) {
				assertThat(event.path("eT").asInt()).isEqualTo(3);
				assertThat(event.path("u").asText()).isEqualTo(ASHLEY);
				assertThat(event.path("sId").asLong()).isCloseTo(System.currentTimeMillis() / 1000, org.assertj.core.data.Offset.offset(30L));
				assertThat(event.path("t").asText()).matches("[A-Za-z0-9%._~-]+");
			}
		});
	}

	@Test
	void batchTransportSplitsAtMaxEvents() {
		runner(vwo, "vwo.batch.max-events=2").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = new LinkedHashMap<>();
			for (int i = 0; i < 5; i++) {
				map.put("k" + i, "v" + i);
			}
			service.push(map, "Ashley");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			// Several requests may be in flight, so they may arrive in any order; each carries a run of the keys.
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).extracting((request) -> batchTags(request))
				.containsExactlyInAnyOrder(Map.of("k0", "v0", "k1", "v1"), Map.of("k2", "v2", "k3", "v3"),
						Map.of("k4", "v4"));
		});
	}

	@Test
	void eventArchTransportSendsAllKeysOfACallInOneRequest() {
		runner(vwo, "vwo.transport=event-arch").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = new LinkedHashMap<>();
			map.put("plan", "gold");
			map.put("name", "ユーザー \"x\"");
			service.push(map, "Ashley");
			service.push("solo", "1", "user-42");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).hasSize(2);
			LoggedRequest first = requests.stream()
				.filter((r) -> body(r).path("d").path("visId").asText().equals(ASHLEY))
				.findFirst()
				.orElseThrow();
			assertThat(first.getUrl()).startsWith("/events/t?en=vwo_syncVisitorProp&a=123456&env=" + SDK_KEY + "&eTime=");
			assertThat(query(first)).containsEntry("p", "FS").containsEntry("visitor_ua", "").containsEntry("visitor_ip", "");
			assertThat(first.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
			JsonNode props = body(first).path("d").path("visitor").path("props");
			assertThat(props.path("plan").asText()).isEqualTo("gold");
			assertThat(props.path("name").asText()).isEqualTo("ユーザー \"x\"");
			assertThat(props.path("vwo_fs_environment").asText()).isEqualTo(SDK_KEY);
			assertThat(body(first).path("d").path("msgId").asText()).startsWith(ASHLEY + "-");
		});
	}

	@Test
	void eventArchMessageIdsAreUniquePerRequestAndKeptByRetries() {
		// The first request is answered 503 once, so its retry must carry the same msgId.
		vwo.stubFor(post(urlPathEqualTo("/events/t")).inScenario("retry")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("answered"));
		vwo.stubFor(post(urlPathEqualTo("/events/t")).inScenario("retry")
			.whenScenarioStateIs("answered")
			.willReturn(aResponse().withStatus(200)));
		runner(vwo, "vwo.transport=event-arch", "vwo.batch.max-events=1").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> split = new LinkedHashMap<>();
			split.put("a", "1");
			split.put("b", "2");
			split.put("c", "3");
			// One push split across three requests (max-events=1), all accepted in the same millisecond.
			service.push(split, "Ashley");
			// Fifty pushes of one user as fast as possible: many share a millisecond.
			for (int i = 0; i < 50; i++) {
				service.push("n" + i, "v", "Ashley");
			}
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).hasSize(3 + 50 + 1);
			List<String> sent = requests.stream().map((r) -> body(r).path("d").path("msgId").asText()).toList();
			assertThat(sent).allSatisfy((msgId) -> assertThat(msgId).matches(ASHLEY + "-\\d{13,}"));
			// The 503 and its retry (after another request went first as a probe): the same request twice, with the
			// same msgId.
			int retry = -1;
			for (int i = 1; i < requests.size() && retry < 0; i++) {
				if (body(requests.get(i)).path("d").path("visitor").path("props")
					.equals(body(requests.get(0)).path("d").path("visitor").path("props"))) {
					retry = i;
				}
			}
			assertThat(retry).as("the retry of the first request").isPositive();
			assertThat(sent.get(retry)).isEqualTo(sent.get(0));
			// Every other request has an id of its own.
			assertThat(sent.subList(1, sent.size())).doesNotHaveDuplicates();
		});
	}

	@Test
	void legacyTransportSendsOneGetPerKeyWithEnv() {
		runner(vwo, "vwo.transport=legacy").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = new LinkedHashMap<>();
			map.put("plan", "gold");
			map.put("q", "a\"b\\c&d=e%f+g");
			service.push(map, "Ashley");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).hasSize(2);
			assertThat(requests).allSatisfy((request) -> {
				assertThat(request.getMethod().getName()).isEqualTo("GET");
				assertThat(request.getUrl()).startsWith("/server-side/push?account_id=123456&u=" + ASHLEY + "&sId=");
				assertThat(query(request)).containsEntry("env", SDK_KEY)
					.containsEntry("ap", "server")
					.containsEntry("sdk", "vwo-spring-boot-starter");
			});
			assertThat(requests).extracting((request) -> query(request).get("tags"))
				.containsExactlyInAnyOrder("{\"u\":{\"plan\":\"gold\"}}", "{\"u\":{\"q\":\"a\\\"b\\\\c&d=e%f+g\"}}");
			assertThat(requests.get(0).getUrl()).doesNotContain("+").doesNotContain("\"");
		});
	}

	@Test
	void collectionPrefixFromTheSettingsFileIsAppliedToEventPaths() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(
				aResponse().withStatus(200).withBody("{\"accountId\":123456,\"collectionPrefix\":\"eu01\"}")));
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", "Ashley");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(request.getUrl()).startsWith("/eu01/server-side/batch-events?"));
			LoggedRequest settings = vwo.findAll(com.github.tomakehurst.wiremock.client.WireMock
				.getRequestedFor(urlPathEqualTo("/server-side/settings"))).get(0);
			assertThat(query(settings)).containsEntry("a", "123456")
				.containsEntry("i", SDK_KEY)
				.containsEntry("platform", "server")
				.containsKey("r");
		});
	}

	@Test
	void aTwentyMegabyteSettingsFileIsReadForItsPrefix() {
		byte[] settings = largeSettingsFile(20 * 1024 * 1024, "eu01");
		assertThat(settings.length).isGreaterThan(20 * 1024 * 1024);
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(settings)));
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", "Ashley");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(request.getUrl()).startsWith("/eu01/server-side/batch-events?"));
		});
	}

	/** Campaigns first, each with a nested prefix that must not count, then the top-level fields. */
	private static byte[] largeSettingsFile(int campaignBytes, String collectionPrefix) {
		StringBuilder json = new StringBuilder(campaignBytes + 1024).append("{\"accountId\":123456,\"campaigns\":[");
		for (int i = 0; json.length() < campaignBytes; i++) {
			if (i > 0) {
				json.append(',');
			}
			json.append("{\"id\":").append(i)
				.append(",\"key\":\"campaign-").append(i)
				.append("\",\"collectionPrefix\":\"nested\",\"status\":\"RUNNING\",\"variations\":[")
				.append("{\"id\":1,\"name\":\"Control\",\"weight\":50,\"changes\":{}},")
				.append("{\"id\":2,\"name\":\"Variation-1 with a longer description ü\",\"weight\":50,")
				.append("\"changes\":{\"segments\":[[1,2,3],{\"or\":[{\"custom_variable\":{\"plan\":\"gold\"}}]}]}}]}");
		}
		json.append("],\"collectionPrefix\":\"").append(collectionPrefix).append("\",\"isEventArchEnabled\":false}");
		return json.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
	}

	@Test
	void collectionPrefixPropertyOverridesTheSettingsFile() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withBody("{\"collectionPrefix\":\"eu01\"}")));
		runner(vwo, "vwo.collection-prefix=us02", "vwo.transport=legacy").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", "Ashley");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(request.getUrl()).startsWith("/us02/server-side/push?"));
		});
	}

	@Test
	void failedSettingsFetchDoesNotStopPushes() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(503)));
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			PushResult result = service.pushAsync("plan", "gold", "Ashley").get(10, TimeUnit.SECONDS);
			assertThat(result.isDelivered()).isTrue();
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(request.getUrl()).startsWith("/server-side/batch-events?"));
		});
	}

	@Test
	void aFailedSettingsFetchIsNotRetriedInALoopWhenRefreshIsOff() {
		vwo.stubFor(get(urlPathEqualTo("/server-side/settings")).willReturn(aResponse().withStatus(503)));
		runner(vwo, "vwo.settings.refresh-interval=0").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.pushAsync("plan", "gold", "Ashley").get(10, TimeUnit.SECONDS).isDelivered()).isTrue();
			// No second fetch for a while after the first failed: not a loop (a retry comes after a minute).
			org.awaitility.Awaitility.await()
				.during(Duration.ofMillis(500))
				.atMost(Duration.ofSeconds(2))
				.until(() -> vwo.findAll(com.github.tomakehurst.wiremock.client.WireMock
					.getRequestedFor(urlPathEqualTo("/server-side/settings"))).size() == 1);
		});
	}

	@Test
	void pushAsyncCompletesDeliveredOn200() {
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			PushResult result = service.pushAsync("plan", "gold", "Ashley").get(10, TimeUnit.SECONDS);
			assertThat(result.single().outcome()).isEqualTo(PushOutcome.DELIVERED);
			assertThat(result.single().message()).isEqualTo("VWO answered HTTP 200");
		});
	}

	@Test
	void pushAsyncCompletesFailedOn500AfterRetries() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
			.willReturn(aResponse().withStatus(500).withBody("internal")));
		runner(vwo, "vwo.retry.max-attempts=3").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			PushResult result = service.pushAsync("plan", "gold", "Ashley").get(10, TimeUnit.SECONDS);
			assertThat(result.single().outcome()).isEqualTo(PushOutcome.FAILED);
			assertThat(result.single().reason()).isEqualTo(PushReason.HTTP_5XX);
			assertThat(result.single().message()).contains("3 attempts").contains("HTTP 500");
			assertThat(pushRequests(vwo)).hasSize(3);
		});
	}

	/** Not retried: the request goes in halves down to each dimension VWO refuses alone, each sent once. */
	@Test
	void a400IsNotRetried() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
			.willReturn(aResponse().withStatus(400).withBody("bad tags")));
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = Map.of("a", "1", "b", "2");
			PushResult result = service.pushAsync(map, "Ashley").get(10, TimeUnit.SECONDS);
			assertThat(result.dimensions()).hasSize(2).allSatisfy((dimension) -> {
				assertThat(dimension.reason()).isEqualTo(PushReason.HTTP_4XX);
				assertThat(dimension.message()).isEqualTo("VWO answered HTTP 400: bad tags");
			});
			// {a, b}, then {a} and {b} alone: each refused once, none sent again.
			assertThat(pushRequests(vwo)).hasSize(3);
		});
	}

	@Test
	void a503IsRetriedUntilVwoRecovers() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).inScenario("outage")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(aResponse().withStatus(503))
			.willSetStateTo("recovered"));
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).inScenario("outage")
			.whenScenarioStateIs("recovered")
			.willReturn(aResponse().withStatus(200)));
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			PushResult result = service.pushAsync("plan", "gold", "Ashley").get(10, TimeUnit.SECONDS);
			assertThat(result.isDelivered()).isTrue();
			List<LoggedRequest> requests = pushRequests(vwo);
			assertThat(requests).hasSize(2);
			assertThat(requests.get(0).getBodyAsString()).isEqualTo(requests.get(1).getBodyAsString());
		});
	}

	@Test
	void invalidInputNeverReachesTheWire() {
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("plan", "x".repeat(256), "Ashley")).isFalse();
			assertThat(service.push("plan", "ok\u0000", "Ashley")).isFalse();
			assertThat(service.push("plan", "gold", " ")).isFalse();
			assertThat(service.push("plan", "x".repeat(255), "Ashley")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(batchTags(request)).containsExactly(Map.entry("plan", "x".repeat(255))));
		});
	}

	@Test
	void lingerSendsAPartialBatchWithoutAFlush() {
		runner(vwo, "vwo.batch.linger=100ms").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push("plan", "gold", "Ashley");
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(pushRequests(vwo)).hasSize(1));
			service.push("plan", "silver", "Ashley");
			org.awaitility.Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(pushRequests(vwo)).hasSize(2));
		});
	}

	@Test
	void shutdownDeliversWhatIsQueued() {
		runner(vwo, "vwo.batch.linger=1m").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			for (int i = 0; i < 10; i++) {
				service.push("k" + i, "v", "user-" + i);
			}
		});
		assertThat(pushRequests(vwo)).singleElement()
			.satisfies((request) -> assertThat(body(request).path("ev").size()).isEqualTo(10));
	}

	static String decode(String value) {
		return URLDecoder.decode(value, StandardCharsets.UTF_8);
	}

}
