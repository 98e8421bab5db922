package io.github.vwopush.sample.containers;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The starter against WireMock running in a container ({@code wiremock/wiremock:3.13.2}):
 * the exact requests it receives.
 */
@RequiresDocker
class StarterAgainstWireMockContainerIT {

	private static GenericContainer<?> wireMock;

	private static WireMock vwo;

	@BeforeAll
	static void startVwo() {
		wireMock = VwoContainers.wireMock();
		wireMock.start();
		vwo = VwoContainers.client(wireMock);
		VwoContainers.healthyVwo(vwo);
	}

	@AfterAll
	static void stopVwo() {
		if (wireMock != null) {
			wireMock.stop();
		}
	}

	@Test
	void batchRequestIsExactOnTheWire() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=654321", "vwo.sdk-key=" + VwoContainers.SDK_KEY,
					"vwo.base-url=http://" + wireMock.getHost() + ":" + wireMock.getMappedPort(8080))
			.run((context) -> {
				VwoPushService service = context.getBean(VwoPushService.class);
				Map<String, String> dimensions = new LinkedHashMap<>();
				dimensions.put("plan", "gold \"vip\"");
				dimensions.put("city", "Zürich & Köln");
				assertThat(service.push(dimensions, "user-42")).containsOnly(Map.entry("plan", true),
						Map.entry("city", true));
				assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			});
		List<LoggedRequest> requests = VwoContainers.batchRequests(vwo);
		assertThat(requests).hasSize(1);
		LoggedRequest request = requests.get(0);
		assertThat(request.getUrl()).startsWith("/server-side/batch-events?a=654321&env=" + VwoContainers.SDK_KEY
				+ "&sdk=vwo-spring-boot-starter&sdk-v=");
		assertThat(request.getHeader("Authorization")).isEqualTo(VwoContainers.SDK_KEY);
		assertThat(request.getHeader("Content-Type")).isEqualTo("application/json; charset=UTF-8");
		String visitor = VisitorUuid.forAccount(654321).of("user-42");
		assertThat(VwoContainers.receivedDimensions(vwo)).containsExactly(visitor + " plan=gold \"vip\"",
				visitor + " city=Zürich & Köln");
	}

}
