package io.github.vwopush;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.delivery.PushCounters;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import com.fasterxml.jackson.databind.JsonNode;

import static io.github.vwopush.VwoWireMock.SDK_KEY;
import static io.github.vwopush.VwoWireMock.batchTags;
import static io.github.vwopush.VwoWireMock.body;
import static io.github.vwopush.VwoWireMock.pushRequests;
import static io.github.vwopush.VwoWireMock.query;
import static io.github.vwopush.VwoWireMock.runner;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Typed values and reserved keys on the wire of each transport; WireMock is the collector.
 */
class TypedValueWireTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@ParameterizedTest
	@ValueSource(strings = { "batch", "event-arch", "legacy" })
	void reservedKeysAreRejectedAndNeverSent(String transport) {
		runner(vwo, "vwo.transport=" + transport).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("vwo_fs_environment", "prod", "Ashley")).isFalse();
			Map<String, String> map = new LinkedHashMap<>();
			map.put("vwo_envKey", "x");
			map.put("vwo_sdkName", "y");
			assertThat(service.push(map, "Ashley")).containsExactly(Map.entry("vwo_envKey", false),
					Map.entry("vwo_sdkName", false));
			DimensionResult async = service.pushAsync("vwo_x", "1", "Ashley").get(5, TimeUnit.SECONDS).single();
			assertThat(async.reason()).isEqualTo(PushReason.RESERVED_KEY);
			assertThat(async.message())
				.isEqualTo("custom dimension key 'vwo_x' starts with 'vwo_', which VWO reserves for its own properties");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(pushRequests(vwo)).isEmpty();
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.RESERVED_KEY))
				.isEqualTo(4);
		});
	}

	@Test
	void batchSendsTheStringFormInsideTheTags() {
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("seats", 3, "Ashley")).isTrue();
			assertThat(service.push("paid", true, "Ashley")).isTrue();
			assertThat(service.pushAsync("ratio", 0.5, "Ashley").get(5, TimeUnit.SECONDS).single().reason())
				.isEqualTo(PushReason.DELIVERED);
			assertThat(service.push(typedMap(), "Ashley")).containsOnlyKeys(typedMap().keySet()).doesNotContainValue(false);
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			List<String> tags = new ArrayList<>();
			for (LoggedRequest request : pushRequests(vwo)) {
				for (JsonNode event : body(request).path("ev")) {
					tags.add(URLDecoder.decode(event.path("t").asText(), StandardCharsets.UTF_8));
				}
			}
			// Several requests may be in flight at once: their order of arrival is not the order of the pushes.
			assertThat(tags).containsExactlyInAnyOrder("{\"u\":{\"seats\":\"3\"}}", "{\"u\":{\"paid\":\"true\"}}",
					"{\"u\":{\"ratio\":\"0.5\"}}", "{\"u\":{\"plan\":\"gold\"}}", "{\"u\":{\"long\":\"9007199254740993\"}}",
					"{\"u\":{\"big\":\"12345678901234567890.10\"}}", "{\"u\":{\"exp\":\"1000\"}}",
					"{\"u\":{\"float\":\"1.1\"}}", "{\"u\":{\"double\":\"1.0E10\"}}", "{\"u\":{\"off\":\"false\"}}",
					"{\"u\":{\"bigint\":\"-123456789012345678901234567890\"}}");
			assertThat(pushRequests(vwo)).anySatisfy((request) -> assertThat(request.getBodyAsString())
				.contains("\"t\":\"%7B%22u%22%3A%7B%22seats%22%3A%223%22%7D%7D\""));
		});
	}

	@Test
	void legacySendsTheStringFormInTheQuery() {
		runner(vwo, "vwo.transport=legacy").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("seats", 3, "Ashley")).isTrue();
			assertThat(service.push("paid", false, "Ashley")).isTrue();
			assertThat(service.push("big", new BigDecimal("1E+3"), "Ashley")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			List<LoggedRequest> requests = pushRequests(vwo);
			// One GET per key, several in flight: in any order.
			assertThat(requests).extracting((request) -> query(request).get("tags"))
				.containsExactlyInAnyOrder("{\"u\":{\"seats\":\"3\"}}", "{\"u\":{\"paid\":\"false\"}}",
						"{\"u\":{\"big\":\"1000\"}}");
			assertThat(requests).extracting(LoggedRequest::getUrl)
				.anySatisfy((url) -> assertThat(url).endsWith("&tags=%7B%22u%22%3A%7B%22seats%22%3A%223%22%7D%7D"));
		});
	}

	@Test
	void eventArchKeepsNumbersAndBooleansAsJsonTypes() {
		runner(vwo, "vwo.transport=event-arch").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push(typedMap(), "Ashley")).doesNotContainValue(false);
			assertThat(service.pushAsync("seats", 3, "user-2").get(5, TimeUnit.SECONDS).single().reason())
				.isEqualTo(PushReason.DELIVERED);
			assertThat(service.push("paid", true, "user-3")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			List<String> bodies = pushRequests(vwo).stream().map(LoggedRequest::getBodyAsString).toList();
			assertThat(bodies).hasSize(3);
			String env = "\"props\":{\"vwo_fs_environment\":\"" + SDK_KEY + "\",";
			assertThat(bodies).anySatisfy((body) -> assertThat(body).endsWith(env + "\"plan\":\"gold\","
					+ "\"long\":9007199254740993,\"big\":12345678901234567890.10,\"exp\":1000,\"float\":1.1,"
					+ "\"double\":1.0E10,\"off\":false,\"bigint\":-123456789012345678901234567890}}}}"));
			assertThat(bodies).anySatisfy((body) -> assertThat(body).endsWith(env + "\"seats\":3}}}}"));
			assertThat(bodies).anySatisfy((body) -> assertThat(body).endsWith(env + "\"paid\":true}}}}"));
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "batch", "event-arch", "legacy" })
	void nonFiniteNumbersAndUnsupportedTypesAreRejectedAndNeverSent(String transport) {
		runner(vwo, "vwo.transport=" + transport).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("ratio", Double.NaN, "Ashley")).isFalse();
			assertThat(service.push("ratio", Float.NEGATIVE_INFINITY, "Ashley")).isFalse();
			assertThat(service.pushAsync("ratio", Double.POSITIVE_INFINITY, "Ashley").get(5, TimeUnit.SECONDS).single())
				.satisfies((result) -> {
					assertThat(result.reason()).isEqualTo(PushReason.NON_FINITE_NUMBER);
					assertThat(result.message())
						.isEqualTo("value of custom dimension 'ratio' is Infinity; JSON has no NaN or infinity");
				});
			assertThat(service.push("count", new AtomicLong(3), "Ashley")).isFalse();
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("when", LocalDate.of(2026, 11, 23));
			map.put("list", List.of("a"));
			PushResult result = service.pushAsync(map, "Ashley").get(5, TimeUnit.SECONDS);
			assertThat(result.get("when").reason()).isEqualTo(PushReason.UNSUPPORTED_TYPE);
			assertThat(result.get("when").message()).isEqualTo("value of custom dimension 'when' is a java.time.LocalDate; "
					+ "push accepts a String, a Boolean or a number (Integer, Long, Short, Byte, BigInteger, BigDecimal, "
					+ "Double, Float)");
			assertThat(result.get("list").reason()).isEqualTo(PushReason.UNSUPPORTED_TYPE);
			assertThat(service.push(map, "Ashley")).containsExactly(Map.entry("when", false), Map.entry("list", false));
			assertThat(service.push("paid", (Boolean) null, "Ashley")).isFalse();
			assertThat(service.push("seats", (Number) null, "Ashley")).isFalse();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(pushRequests(vwo)).isEmpty();
			PushCounters counters = context.getBean(DefaultVwoPushService.class).counters();
			assertThat(counters.count(PushReason.NON_FINITE_NUMBER)).isEqualTo(3);
			assertThat(counters.count(PushReason.UNSUPPORTED_TYPE)).isEqualTo(5);
			assertThat(counters.count(PushReason.INVALID_VALUE)).isEqualTo(2);
			assertThat(counters.accepted()).isZero();
		});
	}

	@Test
	void theLengthLimitAppliesToTheStringForm() {
		runner(vwo).run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			// 1E+254 is 255 characters in plain form, 1E+255 is 256: the limit counts what batch and legacy send.
			assertThat(service.push("max", new BigDecimal("1E+254"), "Ashley")).isTrue();
			DimensionResult tooLong = service.pushAsync("over", new BigDecimal("1E+255"), "Ashley")
				.get(5, TimeUnit.SECONDS)
				.single();
			assertThat(tooLong.reason()).isEqualTo(PushReason.VALUE_TOO_LONG);
			assertThat(tooLong.message())
				.isEqualTo("value of custom dimension 'over' is 256 characters long; VWO accepts at most 255");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(pushRequests(vwo)).singleElement()
				.satisfies((request) -> assertThat(batchTags(request)).containsExactly(Map.entry("max", "1" + "0".repeat(254))));
		});
	}

	/** One of each supported type but Integer, in order; every string form differs from a naive one. */
	static Map<String, Object> typedMap() {
		Map<String, Object> map = new LinkedHashMap<>();
		map.put("plan", "gold");
		map.put("long", 9007199254740993L);
		map.put("big", new BigDecimal("12345678901234567890.10"));
		map.put("exp", new BigDecimal("1E+3"));
		map.put("float", 1.1f);
		map.put("double", 1e10);
		map.put("off", false);
		map.put("bigint", new BigInteger("-123456789012345678901234567890"));
		return map;
	}

}
