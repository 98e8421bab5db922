package io.github.vwopush.internal.protocol;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PushWireFormatTests {

	private static final String KEY = "0123456789abcdef0123456789abcdef";

	private static final SdkIdentity SDK = new SdkIdentity("vwo-spring-boot-starter", "9.9.9");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PushWireFormat wire = new PushWireFormat(URI.create("https://vwo.example/"), 123456, KEY, SDK);

	private final PushEvent event = new PushEvent("plan", "gold", "4C9BA81BAF53591488EB5FD5E66A98B9", 1795392382254L);

	@Test
	void tagsJsonIsRealJson() {
		assertThat(PushWireFormat.tagsJson("plan", "gold")).isEqualTo("{\"u\":{\"plan\":\"gold\"}}");
		assertThat(PushWireFormat.tagsJson("my key", "välue \"q\"\\&x=1"))
			.isEqualTo("{\"u\":{\"my key\":\"välue \\\"q\\\"\\\\&x=1\"}}");
	}

	@ParameterizedTest
	@ValueSource(strings = { "\"quoted\"", "back\\slash", "a&b=c%d+e", "with space", "emoji 😀👍🏽", "ユーザー",
			"{\"u\":1}", "tab\tin", "'single'", "/slash/" })
	void tagsSurviveEncodingAndDecodingExactly(String value) throws Exception {
		String encoded = PercentEncoding.encode(PushWireFormat.tagsJson("k " + value, value));
		assertThat(encoded).matches("[A-Za-z0-9%._~-]*");
		String decoded = URLDecoder.decode(encoded, StandardCharsets.UTF_8);
		JsonNode tags = JSON.readTree(decoded);
		assertThat(tags.path("u").path("k " + value).asText()).isEqualTo(value);
	}

	@Test
	void percentEncodingFollowsRfc3986() {
		assertThat(PercentEncoding.encode("a b+c&d=e%f~g.h_i-j")).isEqualTo("a%20b%2Bc%26d%3De%25f~g.h_i-j");
		assertThat(PercentEncoding.encode("ä😀")).isEqualTo("%C3%A4%F0%9F%98%80");
	}

	@Test
	void batchEventsRequest() {
		WireRequest request = this.wire.batchEvents(List.of(this.event, new PushEvent("tier", "a\"b", "X", 1000L)),
				null);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.uri().toString()).isEqualTo("https://vwo.example/server-side/batch-events?a=123456&env="
				+ KEY + "&sdk=vwo-spring-boot-starter&sdk-v=9.9.9");
		assertThat(request.headers()).containsEntry("Authorization", KEY)
			.containsEntry("Content-Type", "application/json; charset=UTF-8")
			.containsEntry("User-Agent", "vwo-spring-boot-starter/9.9.9");
		assertThat(request.bodyText()).isEqualTo("{\"ev\":[{\"eT\":3,\"t\":\"%7B%22u%22%3A%7B%22plan%22%3A%22gold%22%7D%7D\","
				+ "\"u\":\"4C9BA81BAF53591488EB5FD5E66A98B9\",\"sId\":1795392382},{\"eT\":3,\"t\":\""
				+ "%7B%22u%22%3A%7B%22tier%22%3A%22a%5C%22b%22%7D%7D\",\"u\":\"X\",\"sId\":1}]}");
	}

	@Test
	void collectionPrefixGoesBeforeEventPathsOnly() {
		assertThat(this.wire.batchEvents(List.of(this.event), "eu01").uri().getRawPath())
			.isEqualTo("/eu01/server-side/batch-events");
		assertThat(this.wire.eventArch(List.of(this.event), "eu01", 2L, 1L, 0.5).uri().getRawPath())
			.isEqualTo("/eu01/events/t");
		assertThat(this.wire.legacyPush(this.event, "eu01", 0.5).uri().getRawPath())
			.isEqualTo("/eu01/server-side/push");
		assertThat(this.wire.settings(0.5).uri().getRawPath()).isEqualTo("/server-side/settings");
		assertThat(this.wire.legacyPush(this.event, "", 0.5).uri().getRawPath()).isEqualTo("/server-side/push");
	}

	@Test
	void legacyPushRequestAlwaysSendsEnv() {
		WireRequest request = this.wire.legacyPush(new PushEvent("my key", "v&=%+\"", "U1", 1795392382999L), null,
				0.25);
		assertThat(request.method()).isEqualTo("GET");
		assertThat(request.body()).isNull();
		assertThat(request.uri().getRawQuery()).isEqualTo("account_id=123456&u=U1&sId=1795392382&random=0.25"
				+ "&ap=server&sdk=vwo-spring-boot-starter&sdk-v=9.9.9&env=" + KEY
				+ "&tags=%7B%22u%22%3A%7B%22my%20key%22%3A%22v%26%3D%25%2B%5C%22%22%7D%7D");
		assertThat(query(request.uri())).containsEntry("tags", "{\"u\":{\"my key\":\"v&=%+\\\"\"}}");
	}

	@Test
	void eventArchRequestPutsAllKeysInVisitorProps() throws Exception {
		WireRequest request = this.wire.eventArch(
				List.of(this.event, new PushEvent("name", "ユーザー", this.event.visitorUuid(), 1795392382254L)), null,
				1795392382277L, 1795392382300L, 0.5);
		assertThat(request.uri().getRawQuery()).isEqualTo("en=vwo_syncVisitorProp&a=123456&env=" + KEY
				+ "&eTime=1795392382300&random=0.5&p=FS&visitor_ua=&visitor_ip=&sdk=vwo-spring-boot-starter&sdk-v=9.9.9");
		assertThat(request.headers()).doesNotContainKey("Authorization")
			.containsEntry("Content-Type", "application/json; charset=UTF-8");
		JsonNode d = JSON.readTree(request.body()).path("d");
		assertThat(d.path("msgId").asText()).isEqualTo("4C9BA81BAF53591488EB5FD5E66A98B9-1795392382277");
		assertThat(d.path("visId").asText()).isEqualTo("4C9BA81BAF53591488EB5FD5E66A98B9");
		assertThat(d.path("sessionId").asLong()).isEqualTo(1795392382L);
		assertThat(d.path("event").path("name").asText()).isEqualTo("vwo_syncVisitorProp");
		assertThat(d.path("event").path("time").asLong()).isEqualTo(1795392382254L);
		assertThat(d.path("event").path("props").path("vwo_sdkName").asText()).isEqualTo("vwo-spring-boot-starter");
		assertThat(d.path("event").path("props").path("vwo_envKey").asText()).isEqualTo(KEY);
		assertThat(d.path("event").path("props").path("isCustomEvent").asBoolean()).isTrue();
		JsonNode props = d.path("visitor").path("props");
		assertThat(props.path("vwo_fs_environment").asText()).isEqualTo(KEY);
		assertThat(props.path("plan").asText()).isEqualTo("gold");
		assertThat(props.path("name").asText()).isEqualTo("ユーザー");
		assertThat(request.bodyText()).contains("ユーザー");
	}

	@Test
	void eventArchBodyExactlyWithTypedValuesAndEscapes() {
		String uuid = this.event.visitorUuid();
		List<PushEvent> events = List.of(new PushEvent("ratio", "1.0E10", uuid, 1795392382254L, ValueType.NUMBER),
				new PushEvent("price", "-0.050", uuid, 1795392382254L, ValueType.NUMBER),
				new PushEvent("member", "false", uuid, 1795392382254L, ValueType.BOOLEAN),
				new PushEvent("q\"/", "a\\b\tc ä 😀 \u2028", uuid, 1795392382254L));
		WireRequest request = this.wire.eventArch(events, null, 7L, 8L, 0.5);
		assertThat(request.bodyText()).isEqualTo("{\"d\":{\"msgId\":\"" + uuid + "-7\",\"visId\":\"" + uuid
				+ "\",\"sessionId\":1795392382,\"event\":{\"name\":\"vwo_syncVisitorProp\",\"time\":1795392382254,"
				+ "\"props\":{\"vwo_sdkName\":\"vwo-spring-boot-starter\",\"vwo_sdkVersion\":\"9.9.9\",\"vwo_envKey\":\""
				+ KEY + "\",\"isCustomEvent\":true}},\"visitor\":{\"props\":{\"vwo_fs_environment\":\"" + KEY
				+ "\",\"ratio\":1.0E10,\"price\":-0.050,\"member\":false,\"q\\\"/\":\"a\\\\b\\tc ä 😀 \u2028\"}}}}");
		assertThat(request.body()).isEqualTo(request.bodyText().getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void whatThePushValidationRejectsIsRefusedHereToo() {
		PushEvent lone = new PushEvent("k", "a\ud83d", "X", 1000L);
		assertThatIllegalArgumentException().isThrownBy(() -> this.wire.batchEvents(List.of(lone), null));
		assertThatIllegalArgumentException().isThrownBy(() -> this.wire.eventArch(List.of(lone), null, 1L, 1L, 0.5));
		assertThatIllegalArgumentException().isThrownBy(() -> this.wire.legacyPush(lone, null, 0.5));
		PushEvent notANumber = new PushEvent("k", "NaN", "X", 1000L, ValueType.NUMBER);
		assertThatIllegalArgumentException().isThrownBy(() -> this.wire.eventArch(List.of(notANumber), null, 1L, 1L, 0.5))
			.withMessage("'NaN' is not a JSON number");
	}

	@Test
	void fmeBatchEventsV2RequestExactly() {
		PushWireFormat fme = new PushWireFormat(URI.create("https://vwo.example/"), 123456, KEY, SDK, Platform.FME, false);
		PushEvent score = new PushEvent("score", "3", "4C9BA81BAF53591488EB5FD5E66A98B9", 1795392382254L, ValueType.NUMBER,
				new VisitorContext(1795392000L, "UA/1", "192.0.2.1"));
		PushEvent plan = new PushEvent("plan", "g\"&=%+", "0D1BE3C1A1F25A4C9C1C76B1D2C0A123", 1795392382999L);
		WireRequest request = fme.batchEventsV2(List.of(List.of(score), List.of(plan)), "eu01",
				new long[] { 1795392382300L, 1795392382300L });
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.uri().toString())
			.isEqualTo("https://vwo.example/eu01/server-side/batch-events-v2?a=123456&env=" + KEY);
		assertThat(request.headers()).containsEntry("Authorization", KEY)
			.containsEntry("Content-Type", "application/json; charset=UTF-8")
			.doesNotContainKeys("X-Device-User-Agent", "VWO-X-Forwarded-For");
		String props = "\"props\":{\"vwo_sdkName\":\"vwo-spring-boot-starter\",\"vwo_sdkVersion\":\"9.9.9\",\"vwo_envKey\":\""
				+ KEY + "\",\"isCustomEvent\":true}}";
		assertThat(request.bodyText()).isEqualTo("{\"ev\":["
				+ "{\"d\":{\"msgId\":\"4C9BA81BAF53591488EB5FD5E66A98B9-1795392382300\",\"visId\":\"4C9BA81BAF53591488EB5FD5E66A98B9\","
				+ "\"sessionId\":1795392000,\"event\":{\"name\":\"vwo_syncVisitorProp\",\"time\":1795392382254," + props
				+ ",\"visitor\":{\"props\":{\"vwo_fs_environment\":\"" + KEY + "\",\"score\":3}},"
				+ "\"visitor_ua\":\"UA/1\",\"visitor_ip\":\"192.0.2.1\"}},"
				+ "{\"d\":{\"msgId\":\"0D1BE3C1A1F25A4C9C1C76B1D2C0A123-1795392382300\",\"visId\":\"0D1BE3C1A1F25A4C9C1C76B1D2C0A123\","
				+ "\"sessionId\":1795392382,\"event\":{\"name\":\"vwo_syncVisitorProp\",\"time\":1795392382999," + props
				+ ",\"visitor\":{\"props\":{\"vwo_fs_environment\":\"" + KEY + "\",\"plan\":\"g\\\"&=%+\"}}}}]}");
		assertThat(request.redacted().body()).asString(StandardCharsets.UTF_8).doesNotContain(KEY);
		assertThat(request.redacted().headers().get("Authorization")).isEqualTo(WireRequest.REDACTED);
	}

	@Test
	void theVisitorsUserAgentAndAddressAreRedactedLikeTheSdkKey() {
		PushWireFormat fme = new PushWireFormat(URI.create("https://vwo.example/"), 123456, KEY, SDK, Platform.FME, false);
		PushEvent plan = new PushEvent("plan", "gold", "4C9BA81BAF53591488EB5FD5E66A98B9", 1795392382254L,
				ValueType.STRING, new VisitorContext(1795392000L, "UA/1 (private)", "192.0.2.1"));
		WireRequest single = fme.eventArch(List.of(plan), null, 1L, 1L, 0.5);
		WireRequest batch = fme.batchEventsV2(List.of(List.of(plan)), null, new long[] { 1L });
		assertThat(single.headers()).containsEntry("X-Device-User-Agent", "UA/1 (private)")
			.containsEntry("VWO-X-Forwarded-For", "192.0.2.1");
		assertThat(single.redacted().headers()).containsEntry("X-Device-User-Agent", WireRequest.REDACTED)
			.containsEntry("VWO-X-Forwarded-For", WireRequest.REDACTED);
		// The Netty handler puts the real headers back from this map, as it does the key.
		assertThat(single.secretHeaders()).containsEntry("X-Device-User-Agent", "UA/1 (private)");
		for (WireRequest request : List.of(single, batch)) {
			assertThat(request.bodyText()).contains("\"visitor_ua\":\"UA/1 (private)\",\"visitor_ip\":\"192.0.2.1\"");
			assertThat(request.redacted().body()).asString(StandardCharsets.UTF_8)
				.contains("\"visitor_ua\":\"REDACTED\",\"visitor_ip\":\"REDACTED\"")
				.doesNotContain("UA/1")
				.doesNotContain("192.0.2.1");
			assertThat(request.redactSecrets("error page: UA/1 (private) from 192.0.2.1"))
				.isEqualTo("error page: REDACTED from REDACTED");
		}
	}

	@Test
	void fmeSettingsRequest() {
		PushWireFormat fme = new PushWireFormat(URI.create("https://vwo.example/"), URI.create("https://edge.example"),
				123456, KEY, SDK, Platform.FME, false);
		assertThat(fme.settings(0.75).uri().toString()).isEqualTo("https://edge.example/server-side/v2-settings?a=123456&i="
				+ KEY + "&r=0.75&api-version=3&sn=vwo-spring-boot-starter&sv=9.9.9&s=prod");
	}

	@Test
	void settingsRequest() {
		WireRequest request = this.wire.settings(0.75);
		assertThat(request.uri().toString()).isEqualTo("https://vwo.example/server-side/settings?a=123456&i=" + KEY
				+ "&r=0.75&platform=server&sdk=vwo-spring-boot-starter&sdk-v=9.9.9");
	}

	@Test
	void toStringNeverShowsTheKey() {
		assertThat(this.wire.batchEvents(List.of(this.event), null).toString()).doesNotContain(KEY)
			.isEqualTo("POST /server-side/batch-events");
		assertThat(this.wire.settings(0.1).toString()).doesNotContain(KEY);
		assertThat(this.wire.toString()).doesNotContain(KEY).contains("account 123456");
	}

	@Test
	void settingsFileGivesPrefixAndEventArch() {
		SettingsFile file = SettingsFile
			.parse("{\"accountId\":1,\"collectionPrefix\":\"eu01\",\"isEventArchEnabled\":true}".getBytes());
		assertThat(file.collectionPrefix()).isEqualTo("eu01");
		assertThat(file.eventArchEnabled()).isTrue();
		assertThat(SettingsFile.parse("{}".getBytes()).collectionPrefix()).isNull();
		assertThat(SettingsFile.parse("{\"collectionPrefix\":\"../x\"}".getBytes()).collectionPrefix()).isNull();
	}

	@Test
	void sdkIdentityComesFromTheBuild() {
		SdkIdentity current = SdkIdentity.current();
		assertThat(current.name()).isEqualTo("vwo-spring-boot-starter");
		assertThat(current.version()).isNotBlank().doesNotContain("${");
	}

	static Map<String, String> query(URI uri) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

	@Test
	void everyRequestHasARedactedTwinWithoutTheKeyThatRestoresExactly() {
		List<WireRequest> requests = List.of(this.wire.batchEvents(List.of(this.event), "eu01"),
				this.wire.eventArch(List.of(this.event), null, 2L, 1L, 0.5), this.wire.legacyPush(this.event, null, 0.5),
				this.wire.settings(0.5));
		for (WireRequest request : requests) {
			WireRequest.Redacted redacted = request.redacted();
			assertThat(redacted.uri().toString()).doesNotContain(KEY).contains("=" + WireRequest.REDACTED);
			assertThat(redacted.headers().values()).noneMatch((value) -> value.contains(KEY));
			String body = (redacted.body() != null) ? new String(redacted.body(), StandardCharsets.UTF_8) : "";
			assertThat(body).doesNotContain(KEY);
			assertThat(redacted.uri().getRawPath()).isEqualTo(request.uri().getRawPath());
			String target = redacted.uri().getRawPath() + "?" + redacted.uri().getRawQuery();
			assertThat(request.restoreSecrets(target))
				.isEqualTo(request.uri().getRawPath() + "?" + request.uri().getRawQuery());
			assertThat(request.restoreSecrets(redacted.uri().toString())).isEqualTo(request.uri().toString());
		}
		assertThat(requests.get(0).secretHeaders()).containsExactly(Map.entry("Authorization", KEY));
		assertThat(requests.get(0).redacted().headers()).containsEntry("Authorization", WireRequest.REDACTED);
		assertThat(requests.get(1).secretHeaders()).isEmpty();
		assertThat(new String(requests.get(1).redacted().body(), StandardCharsets.UTF_8))
			.contains("\"vwo_envKey\":\"REDACTED\"")
			.contains("\"vwo_fs_environment\":\"REDACTED\"");
	}

	@Test
	void restoringKeepsWhatAFilterAddedAndNeverTouchesAUsersValue() {
		PushEvent tricky = new PushEvent("env", "REDACTED&env=REDACTED", "X", 1000L);
		WireRequest request = this.wire.legacyPush(tricky, null, 0.5);
		String target = request.redacted().uri().getRawPath() + "?" + request.redacted().uri().getRawQuery()
				+ "&trace=REDACTED";
		String restored = request.restoreSecrets(target);
		assertThat(restored).isEqualTo(request.uri().getRawPath() + "?" + request.uri().getRawQuery()
				+ "&trace=REDACTED");
		assertThat(restored.split(KEY, -1)).hasSize(2);
	}

}
