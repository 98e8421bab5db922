package io.github.vwopush.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.RegisteredSpringFactories;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.metrics.VwoPushMeters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.system.ApplicationTemp;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class VwoAutoConfigurationTests {

	private static final String SDK_KEY = "0ddba11c0ffee0ddba11c0ffee000000";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class));

	@Test
	void addingTheStarterAloneCreatesNothing() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(VwoPushService.class));
	}

	@ParameterizedTest(name = "vwo.account-id={0}")
	@ValueSource(strings = { "", "  ", "${VWO_ISSUE23_NO_SUCH_VARIABLE:}", "${VWO_ISSUE23_NO_SUCH_VARIABLE}" })
	void anEmptyOrUnresolvableAccountIdMeansNotSet(String accountId) {
		// As README's vwo.account-id: ${VWO_ACCOUNT_ID:} in a test run without the variable.
		this.runner.withPropertyValues("vwo.account-id=" + accountId, "vwo.sdk-key=${VWO_ISSUE23_NO_SUCH_KEY:}")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(VwoPushService.class));
	}

	@Test
	void accountIdAndSdkKeyCreateTheService() {
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY)
			.run((context) -> assertThat(context).hasSingleBean(VwoPushService.class)
				.hasSingleBean(DefaultVwoPushService.class));
	}

	@Test
	void disabledCreatesNothing() {
		this.runner.withPropertyValues("vwo.enabled=false", "vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(VwoPushService.class));
	}

	@Test
	void usersOwnServiceWins() {
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY)
			.withUserConfiguration(OwnService.class)
			.run((context) -> assertThat(context).hasSingleBean(VwoPushService.class)
				.doesNotHaveBean(DefaultVwoPushService.class)
				.getBean(VwoPushService.class)
				.isSameAs(context.getBean("ownService")));
	}

	@Test
	void propertiesBindWithRelaxedNames() {
		this.runner
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY, "vwo.transport=event-arch",
					"vwo.batch.max-events=5000", "vwo.batch.linger=250ms", "vwo.queue.capacity=7",
					"vwo.shutdown.timeout=3s")
			.run((context) -> {
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				assertThat(service.config().transport().tagValue()).isEqualTo("event-arch");
				assertThat(service.config().maxEvents()).isEqualTo(5000);
				assertThat(service.config().linger()).isEqualTo(Duration.ofMillis(250));
				assertThat(service.config().queueCapacity()).isEqualTo(7);
				assertThat(service.config().shutdownTimeout()).isEqualTo(Duration.ofSeconds(3));
			});
	}

	@Test
	void builderCustomizersApplyAfterThePropertiesInTheirOrder() {
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY, "vwo.batch.max-events=5000")
			.withBean("second", VwoPushEngineBuilderCustomizer.class,
					() -> new OrderedCustomizer(2, (builder) -> builder.batching(77, Duration.ofSeconds(1))))
			.withBean("first", VwoPushEngineBuilderCustomizer.class,
					() -> new OrderedCustomizer(1, (builder) -> builder.batching(11, Duration.ofSeconds(1))))
			.run((context) -> assertThat(context.getBean(DefaultVwoPushService.class).config().maxEvents())
				.isEqualTo(77));
	}

	/** A customizer with an order, so the test does not depend on registration order. */
	private record OrderedCustomizer(int order, VwoPushEngineBuilderCustomizer customizer)
			implements VwoPushEngineBuilderCustomizer, org.springframework.core.Ordered {

		@Override
		public void customize(io.github.vwopush.VwoPushEngine.Builder builder) {
			this.customizer.customize(builder);
		}

		@Override
		public int getOrder() {
			return this.order;
		}

	}

	@Test
	void theSpoolDirectoryDefaultsToOneThatOtherApplicationsOnTheHostDoNotShare() {
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true", "vwo.spool.enabled=true")
			.run((context) -> {
				Path directory = context.getBean(DefaultVwoPushService.class).config().spool().directory();
				assertThat(directory).isEqualTo(new ApplicationTemp().getDir("vwo-push-spool").toPath());
				assertThat(directory.getParent().getParent())
					.isEqualTo(Path.of(System.getProperty("java.io.tmpdir")).toAbsolutePath());
			});
	}

	@Test
	void aSetSpoolDirectoryIsUsedAsGiven(@TempDir Path directory) {
		this.runner
			.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true", "vwo.spool.enabled=true",
					"vwo.spool.directory=" + directory)
			.run((context) -> assertThat(context.getBean(DefaultVwoPushService.class).config().spool().directory())
				.isEqualTo(directory));
	}

	@Test
	void propertiesToStringNeverShowsTheSdkKey() {
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY)
			.run((context) -> {
				// The objects that hold the key and describe themselves: their toString is meant to be logged.
				assertThat(context.getBean(VwoProperties.class).toString()).doesNotContain(SDK_KEY)
					.contains("accountId = '123456'")
					.contains("sdkKey = '******'");
			});
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true")
			.run((context) -> assertThat(context.getBean(VwoProperties.class).toString())
				.contains("sdkKey = '(not set)'"));
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = {
			"vwo.sdk-key| |vwo.sdk-key is not set|Set vwo.sdk-key",
			"vwo.account-id|abc|vwo.account-id is 'abc', which is not a positive number|Set vwo.account-id to your VWO account id",
			"vwo.account-id|-5|vwo.account-id is '-5', which is not a positive number|Set vwo.account-id",
			"vwo.batch.max-events|0|vwo.batch.max-events is 0, outside 1 to 5000|Set vwo.batch.max-events between 1 and 5000",
			"vwo.batch.max-events|5001|vwo.batch.max-events is 5001, outside 1 to 5000|between 1 and 5000",
			"vwo.batch.linger|0s|vwo.batch.linger is PT0S, but must be positive|Set vwo.batch.linger to a positive duration",
			"vwo.queue.capacity|0|vwo.queue.capacity is 0, but must be at least 1|Set vwo.queue.capacity",
			"vwo.http.connect-timeout|-1s|vwo.http.connect-timeout is PT-1S, but must be positive|Set vwo.http.connect-timeout",
			"vwo.retry.max-attempts|0|vwo.retry.max-attempts is 0, but must be at least 1|Set vwo.retry.max-attempts",
			"vwo.base-url|ftp://x|vwo.base-url is 'ftp://x', which is not an http(s) URL|Set vwo.base-url",
			"vwo.collection-prefix|eu/01|vwo.collection-prefix is 'eu/01', which is not a single path segment|Set vwo.collection-prefix" })
	void badPropertyStopsStartupWithAnActionableMessage(String property, String value, String description,
			String action) {
		ApplicationContextRunner runner = this.runner.withPropertyValues("vwo.account-id=123456",
				"vwo.sdk-key=" + SDK_KEY);
		runner.withPropertyValues(property + "=" + ((value != null) ? value : "")).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = new InvalidVwoPropertyFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(description).doesNotContain(SDK_KEY);
			assertThat(analysis.getAction()).contains(action);
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', value = { "vwo.base-url|https://user:secret@host_name.internal/",
			"vwo.base-url|https://user:secret@vwo.example:99999/", "vwo.base-url|https://secret@vwo.example/",
			"vwo.base-url|https:user:secret@vwo.example", "vwo.settings-url|https://user:secret@edge_host.example/",
			"vwo.gateway-url|https://user:secret@gateway_host:70000/" })
	void aUrlWithCredentialsIsRefusedWithoutRepeatingThem(String property, String url) {
		this.runner
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY, "vwo.platform=fme",
					property + "=" + url)
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidVwoPropertyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(property).doesNotContain("secret");
				assertThat(analysis.getAction()).doesNotContain("secret");
				assertThat(context.getStartupFailure()).rootCause().hasMessageNotContaining("secret");
			});
	}

	@Test
	void severalBadPropertiesAreReportedInOneReport() {
		this.runner
			.withPropertyValues("vwo.account-id=abc", "vwo.sdk-key=", "vwo.batch.max-events=0", "vwo.batch.linger=0s",
					"vwo.base-url=ftp://x", "vwo.http.max-in-flight=65", "vwo.spool.enabled=true",
					"vwo.spool.max-size=0MB", "vwo.spool.sync-interval=1m", "vwo.retry.max-attempts=0",
					"vwo.retry.initial-backoff=0s")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = new InvalidVwoPropertyFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				String n = System.lineSeparator();
				assertThat(analysis.getDescription()).isEqualTo("The VWO push starter cannot start: 10 vwo.* properties "
						+ "are invalid:" + n + n
						+ "    - vwo.account-id is 'abc', which is not a positive number" + n
						+ "    - vwo.sdk-key is not set" + n
						+ "    - vwo.base-url is 'ftp://x', which is not an http(s) URL with a host and without a query" + n
						+ "    - vwo.batch.max-events is 0, outside 1 to 5000" + n
						+ "    - vwo.batch.linger is PT0S, but must be positive" + n
						+ "    - vwo.http.max-in-flight is 65, outside 1 to 64" + n
						+ "    - vwo.spool.max-size is 0B, but must be at least 1MB" + n
						+ "    - vwo.retry.max-attempts is 0, but must be at least 1" + n
						+ "    - vwo.spool.sync-interval is PT1M, longer than PT10S" + n
						+ "    - vwo.retry.initial-backoff is PT0S, but must be positive");
				assertThat(analysis.getAction()).startsWith("Fix each of them:" + n + n + "    - Set vwo.account-id to your")
					.contains(n + "    - Set vwo.sdk-key")
					.contains(n + "    - Set vwo.retry.initial-backoff to a positive duration")
					.doesNotContain(SDK_KEY);
			});
	}

	@Test
	void failureAnalyzerIsRegistered() throws Exception {
		assertThat(RegisteredSpringFactories.all()).contains(InvalidVwoPropertyFailureAnalyzer.class.getName());
	}

	@Test
	void runWithNoneOfTheOptionalDependenciesShouldStartAndPush() {
		// Imported as an application imports auto-configurations, so that Boot's metadata-based class filter
		// applies; what the starter itself brings (spring-webflux, Reactor) stays.
		new ApplicationContextRunner()
			.withUserConfiguration(EveryAutoConfiguration.class, VwoDimensionAspectAutoConfigurationTests.Annotated.class)
			.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true",
					"management.endpoints.web.exposure.include=vwo")
			.withClassLoader(new FilteredClassLoader("io.micrometer", "org.springframework.boot.micrometer",
					"org.springframework.boot.actuate", "org.springframework.boot.health",
					"org.springframework.transaction", "org.springframework.security", "jakarta.servlet",
					"org.springframework.web.servlet", "org.springframework.boot.webclient"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(VwoPushMeters.class)
					.doesNotHaveBean("vwoHealthIndicator")
					.doesNotHaveBean(VwoEndpoint.class)
					.hasBean("vwoDimensionAdvisor");
				DefaultVwoPushService service = context.getBean(DefaultVwoPushService.class);
				assertThat(service.push("plan", "gold", "u")).isTrue();
				context.getBean(VwoDimensionAspectAutoConfigurationTests.Prices.class).quote("silver");
				assertThat(service.counters().count(PushReason.DEV_MODE)).isEqualTo(2);
			});
	}

	@Test
	void devModeNeedsNoSdkKey() {
		this.runner.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true")
			.run((context) -> assertThat(context).hasSingleBean(VwoPushService.class));
	}

	@Test
	void metadataDescribesEveryProperty() throws Exception {
		String metadata = new String(
				getClass().getResourceAsStream("/META-INF/spring-configuration-metadata.json").readAllBytes());
		for (String key : new String[] { "vwo.account-id", "vwo.sdk-key", "vwo.base-url", "vwo.transport",
				"vwo.batch.max-events", "vwo.batch.linger", "vwo.queue.capacity", "vwo.dev-mode",
				"vwo.http.connect-timeout", "vwo.http.response-timeout", "vwo.collection-prefix" }) {
			assertThat(metadata).contains("\"name\": \"" + key + "\"");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ AopAutoConfiguration.class, VwoAutoConfiguration.class,
			VwoDimensionAspectAutoConfiguration.class, VwoMetricsAutoConfiguration.class,
			VwoEndpointAutoConfiguration.class, VwoHealthContributorAutoConfiguration.class })
	static class EveryAutoConfiguration {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnService {

		@Bean
		VwoPushService ownService() {
			return new VwoPushService() {
				@Override
				public boolean push(String key, String value, String userId) {
					return false;
				}

				@Override
				public Map<String, Boolean> push(Map<String, ?> map, String userId) {
					return Map.of();
				}

				@Override
				public CompletableFuture<PushResult> pushAsync(String key, String value, String userId) {
					return CompletableFuture.completedFuture(new PushResult(java.util.List.of()));
				}

				@Override
				public CompletableFuture<PushResult> pushAsync(Map<String, ?> map, String userId) {
					return CompletableFuture.completedFuture(new PushResult(java.util.List.of()));
				}

				@Override
				public boolean flush(Duration timeout) {
					return true;
				}
			};
		}

	}

}
