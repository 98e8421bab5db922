package io.github.vwopush;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.delivery.DefaultVwoPushService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.github.vwopush.VwoWireMock.pushRequests;
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

	static String raw(LoggedRequest request) {
		return request.getBodyAsString();
	}

	static List<LoggedRequest> sent() {
		return pushRequests(vwo);
	}

}
