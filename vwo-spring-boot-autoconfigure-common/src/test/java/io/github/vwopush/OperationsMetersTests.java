package io.github.vwopush;

import java.nio.file.Path;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.github.vwopush.autoconfigure.VwoMetricsAutoConfiguration;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.health.VwoHealthReport;
import io.github.vwopush.metrics.VwoPushMeterNames;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The meters the operations kit (docs/operations) alerts and draws on beyond the counts: how
 * long VWO has been failing, what it says of the credentials, the requests in flight, and the
 * limits the queue and the spool are held to.
 */
class OperationsMetersTests {

	@RegisterExtension
	static WireMockExtension vwo = VwoWireMock.extension();

	private final ApplicationContextRunner runner = VwoWireMock.runner(vwo)
		.withConfiguration(RunningBootLine.metrics())
		.withConfiguration(AutoConfigurations.of(VwoMetricsAutoConfiguration.class))
		.withPropertyValues("vwo.retry.max-attempts=2");

	@BeforeEach
	void vwoIsHealthy() {
		VwoWireMock.healthy(vwo);
	}

	@Test
	void theOutageDurationGrowsWhileRequestsFailAndEndsWithTheNextSuccess() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			DefaultVwoPushService engine = context.getBean(DefaultVwoPushService.class);
			assertThat(service.push("plan", "gold", "alice")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(gauge(registry, VwoPushMeterNames.OUTAGE_DURATION)).isZero();

			vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(503)));
			assertThat(service.push("plan", "silver", "bob")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(VwoHealthReport.of(engine).status()).isEqualTo(VwoHealthReport.DEGRADED);
			double early = gauge(registry, VwoPushMeterNames.OUTAGE_DURATION);
			assertThat(early).isPositive();
			// Nothing is sent now, and the outage still ages: it ends only with a success.
			await().atMost(Duration.ofSeconds(5))
				.untilAsserted(() -> assertThat(gauge(registry, VwoPushMeterNames.OUTAGE_DURATION))
					.isGreaterThan(early + 0.2));
			// A second failure continues the same outage rather than starting a new one.
			assertThat(service.push("plan", "silver", "carol")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(gauge(registry, VwoPushMeterNames.OUTAGE_DURATION)).isGreaterThan(early + 0.2);

			VwoWireMock.healthy(vwo);
			assertThat(service.push("plan", "bronze", "dora")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertThat(VwoHealthReport.of(engine).status()).isEqualTo("UP");
			assertThat(gauge(registry, VwoPushMeterNames.OUTAGE_DURATION)).isZero();
		});
	}

	@Test
	void theCredentialsStateIsWhatTheHealthContributorReports() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			DefaultVwoPushService engine = context.getBean(DefaultVwoPushService.class);
			// The first batch waits for the settings file, which VWO serves: accepted.
			assertThat(service.push("plan", "gold", "alice")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertCredentials(registry, engine, VwoCredentials.ACCEPTED);

			vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(401)));
			assertThat(service.push("plan", "silver", "bob")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertCredentials(registry, engine, VwoCredentials.REJECTED);
			assertThat(VwoHealthReport.of(engine).status()).isEqualTo(VwoHealthReport.CREDENTIALS_REJECTED);

			VwoWireMock.healthy(vwo);
			assertThat(service.push("plan", "bronze", "carol")).isTrue();
			assertThat(service.flush(Duration.ofSeconds(5))).isTrue();
			assertCredentials(registry, engine, VwoCredentials.ACCEPTED);
		});
	}

	@Test
	void requestsInFlightCountsTheRequestsVwoHasNotAnsweredYet() {
		vwo.stubFor(post(urlPathEqualTo("/server-side/batch-events"))
			.willReturn(aResponse().withStatus(200).withBody("{}").withFixedDelay(3000)));
		this.runner.withPropertyValues("vwo.http.response-timeout=10s", "vwo.http.max-in-flight=4").run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(gauge(registry, VwoPushMeterNames.REQUESTS_IN_FLIGHT_MAX)).isEqualTo(4);
			assertThat(gauge(registry, VwoPushMeterNames.REQUESTS_IN_FLIGHT)).isZero();
			assertThat(service.push("plan", "gold", "alice")).isTrue();
			await().atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(gauge(registry, VwoPushMeterNames.REQUESTS_IN_FLIGHT)).isEqualTo(1));
			assertThat(service.flush(Duration.ofSeconds(10))).isTrue();
			assertThat(gauge(registry, VwoPushMeterNames.REQUESTS_IN_FLIGHT)).isZero();
		});
	}

	@Test
	void theLimitsOfTheQueueAndTheSpoolAreGauges(@TempDir Path spool) {
		this.runner.withPropertyValues("vwo.queue.max-size=3MB").run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(gauge(registry, VwoPushMeterNames.QUEUE_MAX_BYTES)).isEqualTo(3 * 1024 * 1024);
			assertThat(gauge(registry, VwoPushMeterNames.SPOOL_MAX_SIZE)).isZero();
		});
		this.runner
			.withPropertyValues("vwo.spool.enabled=true", "vwo.spool.directory=" + spool, "vwo.spool.max-size=64MB")
			.run((context) -> assertThat(gauge(context.getBean(MeterRegistry.class), VwoPushMeterNames.SPOOL_MAX_SIZE))
				.isEqualTo(64 * 1024 * 1024));
	}

	private static void assertCredentials(MeterRegistry registry, DefaultVwoPushService engine,
			VwoCredentials expected) {
		assertThat(VwoHealthReport.of(engine).details()).containsEntry("credentials", expected);
		for (VwoCredentials state : VwoCredentials.values()) {
			assertThat(registry.get(VwoPushMeterNames.CREDENTIALS)
				.tag(VwoPushMeterNames.STATE, state.name().toLowerCase(java.util.Locale.ROOT))
				.gauge()
				.value()).as(state.name()).isEqualTo((state == expected) ? 1 : 0);
		}
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).gauge().value();
	}

}
