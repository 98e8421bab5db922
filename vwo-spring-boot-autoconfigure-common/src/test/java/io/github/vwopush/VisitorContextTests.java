package io.github.vwopush;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.fasterxml.jackson.databind.JsonNode;

import static io.github.vwopush.VwoWireMock.body;
import static io.github.vwopush.VwoWireMock.pushRequests;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A push with FME's user context: the session id, user agent and IP address go where FME
 * puts them, only when given, and bad ones are rejected before anything is queued.
 */
class VisitorContextTests {

	private static final String UA = "Mozilla/5.0 (X11; Linux x86_64) \"quoted\" &=%+\\";

	private static final VwoVisitor ALICE = VwoVisitor.of("alice")
		.withSessionId(1_700_000_000L)
		.withUserAgent(UA)
		.withIpAddress("2001:db8::7");

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void onBatchV2TheContextIsInThePayloadAndOnlyForThePushThatGaveIt() {
		VwoWireMock.runner(vwo, "vwo.platform=fme").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push(Map.of("plan", "gold"), ALICE)).containsExactly(Map.entry("plan", true));
			service.push("plan", "silver", "bob");
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			LoggedRequest request = pushRequests(vwo).get(0);
			assertThat(request.containsHeader("X-Device-User-Agent")).isFalse();
			assertThat(request.containsHeader("VWO-X-Forwarded-For")).isFalse();
			JsonNode alice = body(request).path("ev").get(0).path("d");
			assertThat(alice.path("sessionId").asLong()).isEqualTo(1_700_000_000L);
			assertThat(alice.path("visitor_ua").asText()).isEqualTo(UA);
			assertThat(alice.path("visitor_ip").asText()).isEqualTo("2001:db8::7");
			JsonNode bob = body(request).path("ev").get(1).path("d");
			assertThat(bob.has("visitor_ua")).isFalse();
			assertThat(bob.has("visitor_ip")).isFalse();
			assertThat(bob.path("sessionId").asLong()).isNotEqualTo(1_700_000_000L);
		});
	}

	@Test
	void aSingleEventArchitectureRequestAlsoCarriesThemInFmesHeaders() throws Exception {
		VwoWireMock.runner(vwo, "vwo.platform=fme", "vwo.transport=event-arch").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			PushResult result = service.pushAsync(Map.of("plan", "gold"), ALICE).get(10, TimeUnit.SECONDS);
			assertThat(result.single().isDelivered()).isTrue();
			LoggedRequest request = pushRequests(vwo).get(0);
			assertThat(request.getHeader("X-Device-User-Agent")).isEqualTo(UA);
			assertThat(request.getHeader("VWO-X-Forwarded-For")).isEqualTo("2001:db8::7");
			assertThat(body(request).path("d").path("visitor_ip").asText()).isEqualTo("2001:db8::7");
		});
	}

	@Test
	void fullStacksBatchCarriesTheSessionIdOnly() {
		VwoWireMock.runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			service.push(Map.of("plan", "gold"), ALICE);
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			LoggedRequest request = pushRequests(vwo).get(0);
			assertThat(body(request).path("ev").get(0).path("sId").asLong()).isEqualTo(1_700_000_000L);
			assertThat(request.getBodyAsString()).doesNotContain("2001:db8::7").doesNotContain("Mozilla");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "not-an-ip", "999.1.1.1", "10.0.0", "example.com", "1.2.3.4\r\nX: y", "" })
	void aBadIpAddressRejectsThePushWithoutSayingIt(String ip) throws Exception {
		assertRejected(VwoVisitor.of("alice").withIpAddress(ip), "IP address", ip);
	}

	@ParameterizedTest
	@ValueSource(strings = { "Mozilla\r\nX-Injected: 1", " ", "\u0000", "Mozilla ユーザー", "Mozilla \u00e9" })
	void aBadUserAgentRejectsThePush(String userAgent) throws Exception {
		assertRejected(VwoVisitor.of("alice").withUserAgent(userAgent), "user agent", null);
	}

	@Test
	void aUserAgentOfMoreThan1024CharactersOrANonPositiveSessionIdRejectsThePush() throws Exception {
		assertRejected(VwoVisitor.of("alice").withUserAgent("a".repeat(1025)), "1025 characters", null);
		assertRejected(VwoVisitor.of("alice").withSessionId(0), "session id", null);
		VwoWireMock.runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push(Map.of("plan", "gold"), VwoVisitor.of("alice").withUserAgent("a".repeat(1024))))
				.containsExactly(Map.entry("plan", true));
		});
	}

	private static void assertRejected(VwoVisitor visitor, String mentions, String secret) throws Exception {
		VwoWireMock.runner(vwo).run((context) -> {
			DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
			PushResult result = service.pushAsync(Map.of("plan", "gold", "tier", "3"), visitor)
				.get(5, TimeUnit.SECONDS);
			assertThat(result.dimensions()).extracting(DimensionResult::reason)
				.containsOnly(PushReason.INVALID_VISITOR);
			assertThat(result.dimensions().get(0).message()).contains(mentions);
			if (secret != null && !secret.isBlank()) {
				assertThat(result.dimensions().get(0).message()).doesNotContain(secret);
			}
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.INVALID_VISITOR, 2L));
			assertThat(pushRequests(vwo)).isEmpty();
		});
	}

	@Test
	void theVisitorsToStringHoldsNoPersonalData() {
		assertThat(ALICE.toString()).doesNotContain("alice").doesNotContain("2001").doesNotContain("Mozilla");
	}

}
