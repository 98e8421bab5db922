package io.github.vwopush.internal.delivery;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.PushReason;
import io.github.vwopush.RunningBootLine;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The push service stops after the web server has drained: a request still running when
 * shutdown begins can push, and what it pushes is delivered.
 */
class ShutdownOrderTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	/** Released when shutdown begins: the request is held until then. */
	static final CountDownLatch shutdownBegan = new CountDownLatch(1);

	static final CountDownLatch requestEntered = new CountDownLatch(1);

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void aRequestStillRunningWhenShutdownBeginsPushesAndIsDelivered() throws Exception {
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Application.class)
			.properties("server.port=0", "server.shutdown=graceful", "vwo.account-id=" + VwoWireMock.ACCOUNT_ID,
					"vwo.sdk-key=" + VwoWireMock.SDK_KEY, "vwo.base-url=" + vwo.baseUrl(), "vwo.batch.linger=1m")
			.run();
		DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		CompletableFuture<HttpResponse<String>> response = HttpClient.newHttpClient()
			.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/checkout")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(requestEntered.await(10, TimeUnit.SECONDS)).isTrue();
		context.close();
		assertThat(response.get(10, TimeUnit.SECONDS).body()).isEqualTo("ok");
		// Pushed during the web server's drain, delivered by the push service's own shutdown afterwards.
		assertThat(service.counters().byReason()).containsOnly(Map.entry(PushReason.DELIVERED, 1L));
		assertThat(VwoWireMock.acceptedEvents(vwo)).extracting(VwoWireMock.ReceivedEvent::key)
			.containsExactly("checkout");
	}

	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@RestController
	static class Application {

		private final VwoPushService vwo;

		Application(VwoPushService vwo) {
			this.vwo = vwo;
		}

		@GetMapping("/checkout")
		String checkout() throws InterruptedException {
			requestEntered.countDown();
			assertThat(shutdownBegan.await(10, TimeUnit.SECONDS)).isTrue();
			this.vwo.push("checkout", "done", "u");
			return "ok";
		}

		/** Stops first of all (above the web server's graceful shutdown), releasing the request. */
		@Bean
		SmartLifecycle shutdownSignal() {
			return new SmartLifecycle() {

				private volatile boolean running;

				@Override
				public void start() {
					this.running = true;
				}

				@Override
				public void stop() {
					this.running = false;
					shutdownBegan.countDown();
				}

				@Override
				public boolean isRunning() {
					return this.running;
				}

				@Override
				public int getPhase() {
					return RunningBootLine.gracefulShutdownPhase() + 1;
				}

			};
		}

	}

}
