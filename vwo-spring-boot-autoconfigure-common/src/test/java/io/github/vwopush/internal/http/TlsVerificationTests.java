package io.github.vwopush.internal.http;

import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * TLS verification stays on: a server whose certificate the JVM does not trust (WireMock's
 * self-signed one) gets no request, only a failed handshake.
 */
class TlsVerificationTests {

	@RegisterExtension
	static WireMockExtension vwo = WireMockExtension.newInstance()
		.options(wireMockConfig().dynamicPort().dynamicHttpsPort())
		.build();

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void anUntrustedCertificateIsRefusedAndNothingIsSent() {
		String https = "https://localhost:" + vwo.getRuntimeInfo().getHttpsPort();
		VwoWireMock.runner(vwo, "vwo.base-url=" + https, "vwo.retry.max-elapsed=300ms").run((context) -> {
			PushResult result = context.getBean(VwoPushService.class)
				.pushAsync("plan", "gold", "u")
				.get(10, TimeUnit.SECONDS);
			assertThat(result.single().reason()).isEqualTo(PushReason.IO_ERROR);
			assertThat(context.getBean(DefaultVwoPushService.class).status().lastError())
				.isEqualTo("IO_ERROR (SunCertPathBuilderException)");
			// The handshake failed, so WireMock never saw a request: not even the settings fetch.
			assertThat(vwo.getAllServeEvents()).isEmpty();
		});
	}

}
