package io.github.vwopush.aop;

import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoWireMock;
import io.github.vwopush.VwoWireMock.ReceivedEvent;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoDimensionAspectAutoConfiguration;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ReactiveWebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.config.EnableWebFlux;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @VwoDimension} on WebFlux controllers returning {@code Mono}, through WebTestClient.
 */
class VwoDimensionReactiveTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private static final VisitorUuid UUIDS = VisitorUuid.forAccount(VwoWireMock.ACCOUNT_ID);

	private final ReactiveWebApplicationContextRunner runner = new ReactiveWebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, VwoAutoConfiguration.class,
				VwoDimensionAspectAutoConfiguration.class))
		.withPropertyValues("vwo.account-id=" + VwoWireMock.ACCOUNT_ID, "vwo.sdk-key=" + VwoWireMock.SDK_KEY,
				"vwo.base-url=" + vwo.baseUrl(), "vwo.batch.linger=20ms")
		.withUserConfiguration(Web.class);

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void monoIsPushedWhenItSucceeds() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get().uri("/plans/gold").header("X-User-Id", "alice").exchange().expectBody(String.class).isEqualTo("GOLD");
			assertThat(context.getBean(VwoPushService.class).flush(Duration.ofSeconds(5))).isTrue();
			assertThat(VwoWireMock.batchEvents(vwo)).containsExactly(new ReceivedEvent(UUIDS.of("alice"), "plan", "GOLD"));
		});
	}

	@Test
	void monoErrorPushesNothing() {
		this.runner.run((context) -> {
			WebTestClient client = WebTestClient.bindToApplicationContext(context).build();
			client.get().uri("/plans/none").header("X-User-Id", "bob").exchange().expectStatus().is5xxServerError();
			assertThat(context.getBean(VwoPushService.class).flush(Duration.ofSeconds(5))).isTrue();
			assertThat(VwoWireMock.batchEvents(vwo)).isEmpty();
		});
	}

	@Test
	void nothingIsPushedAtAssemblyTimeOrWithoutASubscriber() {
		this.runner.run((context) -> {
			PlanController controller = context.getBean(PlanController.class);
			Mono<String> mono = controller.plan("silver", "carol");
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(VwoWireMock.batchEvents(vwo)).isEmpty();
			assertThat(controller.subscriptions()).isZero();
			assertThat(mono.block()).isEqualTo("SILVER");
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(VwoWireMock.batchEvents(vwo)).containsExactly(new ReceivedEvent(UUIDS.of("carol"), "plan", "SILVER"));
			assertThat(controller.subscriptions()).isEqualTo(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableWebFlux
	static class Web {

		@Bean
		PlanController planController() {
			return new PlanController();
		}

	}

	@RestController
	static class PlanController {

		private final java.util.concurrent.atomic.AtomicInteger subscriptions = new java.util.concurrent.atomic.AtomicInteger();

		int subscriptions() {
			return this.subscriptions.get();
		}

		@GetMapping("/plans/{plan}")
		@VwoDimension(key = "plan", value = "#result", userId = "#user")
		Mono<String> plan(@PathVariable String plan, @RequestHeader("X-User-Id") String user) {
			return Mono.fromCallable(() -> {
				this.subscriptions.incrementAndGet();
				if (plan.equals("none")) {
					throw new IllegalArgumentException("no such plan");
				}
				return plan.toUpperCase();
			});
		}

	}

}
