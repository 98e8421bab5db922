package io.github.vwopush.autoconfigure;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.RunningBootLine;
import io.github.vwopush.VwoDeliveryListener;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.metrics.VwoPushMeterNames;
import io.github.vwopush.metrics.VwoPushMeters;
import io.github.vwopush.metrics.VwoPushRequestMeters;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class VwoMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(RunningBootLine.metrics())
		.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class, VwoMetricsAutoConfiguration.class))
		// Dev mode: validated and counted (reason dev_mode) with no network.
		.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true");

	@Test
	void runShouldCreateMeterBinders() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(VwoPushMeters.class)
			.hasSingleBean(VwoPushRequestMeters.class)
			.getBeans(MeterBinder.class)
			.containsKeys("vwoPushMeters", "vwoPushRequestMeters"));
	}

	@Test
	void runShouldRegisterMetersOnlyOnceAllSingletonsExist() {
		this.runner.withUserConfiguration(MetersSeenAtCreation.class).run((context) -> {
			assertThat(context.getBean(SeenAtCreation.class).vwoMeters()).isZero();
			assertThat(context.getBean(MeterRegistry.class).find(VwoPushMeterNames.DIMENSIONS).meters())
				.hasSize(PushReason.values().length);
		});
	}

	@Test
	void runShouldCountWhatHappenedBeforeTheMetersWereBound() {
		// A push during startup, before Boot binds the meters, must still balance the accounting equation.
		this.runner.withUserConfiguration(PushAtStartup.class).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get(VwoPushMeterNames.ACCEPTED).functionCounter().count()).isEqualTo(1);
			assertThat(dimensions(registry, "dropped", "dev_mode")).isEqualTo(1);
			assertThat(dimensions(registry, "rejected", "invalid_key")).isEqualTo(1);
		});
	}

	@Test
	void runShouldRecordEachRequestToVwo() throws Exception {
		// Nothing listens on port 9: one real request, refused, and no retry.
		this.runner
			.withPropertyValues("vwo.dev-mode=false", "vwo.sdk-key=0ddba11c0ffee0ddba11c0ffee000000",
					"vwo.base-url=http://127.0.0.1:9", "vwo.retry.max-attempts=1", "vwo.batch.linger=10ms")
			.run((context) -> {
				PushResult result = context.getBean(VwoPushService.class)
					.pushAsync("plan", "gold", "u")
					.get(10, TimeUnit.SECONDS);
				assertThat(result.single().reason()).isEqualTo(PushReason.IO_ERROR);
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get(VwoPushMeterNames.REQUESTS).timers()).singleElement().satisfies((timer) -> {
					assertThat(timer.getId().getTag(VwoPushMeterNames.TRANSPORT)).isEqualTo("batch");
					assertThat(timer.getId().getTag(VwoPushMeterNames.OUTCOME)).isEqualTo("IO_ERROR");
					assertThat(timer.getId().getTag(VwoPushMeterNames.STATUS)).isEqualTo("none");
					assertThat(timer.count()).isEqualTo(1);
				});
				DistributionSummary batchSize = registry.get(VwoPushMeterNames.BATCH_SIZE).summary();
				assertThat(batchSize.count()).isEqualTo(1);
				assertThat(batchSize.totalAmount()).isEqualTo(1);
			});
	}

	@Test
	void everyMeterIsNamedInVwoPushMeterNamesAndDocumentedInTheReadme() throws Exception {
		Set<String> named = constants().filter((value) -> value.startsWith("vwo."))
			.collect(Collectors.toCollection(TreeSet::new));
		Set<String> documented = new TreeSet<>();
		Matcher row = Pattern.compile("(?m)^\\| `(vwo\\.push\\.[a-z.]+)` \\|").matcher(Files.readString(readme()));
		while (row.find()) {
			documented.add(row.group(1));
		}
		assertThat(documented).isEqualTo(named);
		this.runner
			.withPropertyValues("vwo.dev-mode=false", "vwo.sdk-key=0ddba11c0ffee0ddba11c0ffee000000",
					"vwo.base-url=http://127.0.0.1:9", "vwo.retry.max-attempts=1", "vwo.batch.linger=10ms")
			.run((context) -> {
				context.getBean(VwoPushService.class).pushAsync("plan", "gold", "u").get(10, TimeUnit.SECONDS);
				Set<String> registered = context.getBean(MeterRegistry.class)
					.getMeters()
					.stream()
					.map((meter) -> meter.getId().getName())
					.filter((name) -> name.startsWith("vwo."))
					.collect(Collectors.toCollection(TreeSet::new));
				assertThat(registered).isEqualTo(named);
			});
	}

	@Test
	void runWhenUserDefinesVwoPushMetersShouldUseIt() {
		this.runner.withUserConfiguration(OwnMeters.class).run((context) -> {
			assertThat(context).hasSingleBean(VwoPushMeters.class);
			assertThat(context).getBean(VwoPushMeters.class).isSameAs(context.getBean("ownMeters"));
		});
	}

	@Test
	void runShouldNotHandAUsersDeliveryListenerToTheService() {
		// Only the starter's own listeners (qualified @StarterDeliveryListener) hear the engine, even of the public type.
		this.runner.withUserConfiguration(OwnDeliveryListener.class).run((context) -> {
			context.getBean(VwoPushService.class).push(" ", "v", "u");
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.INVALID_KEY))
				.isEqualTo(1);
			assertThat(context.getBean(CountingListener.class).finished).hasValue(0);
		});
	}

	@Test
	void runWithoutMicrometerShouldNotCreateMetersAndStillPush() {
		this.runner.withClassLoader(new FilteredClassLoader("io.micrometer")).run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(VwoPushMeters.class)
				.doesNotHaveBean(VwoPushRequestMeters.class);
			assertThat(context.getBean(VwoPushService.class).push("plan", "gold", "u")).isTrue();
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(PushReason.DEV_MODE))
				.isEqualTo(1);
		});
	}

	@Test
	void runWithoutAMeterRegistryShouldNotCreateMeters() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class, VwoMetricsAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(VwoPushService.class)
				.doesNotHaveBean(VwoPushMeters.class)
				.doesNotHaveBean(VwoPushRequestMeters.class));
	}

	@Test
	void runWithUsersOwnPushServiceShouldNotCreateMeters() {
		this.runner.withUserConfiguration(VwoAutoConfigurationTests.OwnService.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(VwoPushMeters.class)
				.doesNotHaveBean(VwoPushRequestMeters.class));
	}

	private static double dimensions(MeterRegistry registry, String result, String reason) {
		return registry.get(VwoPushMeterNames.DIMENSIONS)
			.tag(VwoPushMeterNames.RESULT, result)
			.tag(VwoPushMeterNames.REASON, reason)
			.functionCounter()
			.count();
	}

	private static Stream<String> constants() {
		return Arrays.stream(VwoPushMeterNames.class.getFields())
			.filter((field) -> Modifier.isStatic(field.getModifiers()) && field.getType() == String.class)
			.map(VwoMetricsAutoConfigurationTests::value);
	}

	private static String value(Field field) {
		try {
			return (String) field.get(null);
		}
		catch (IllegalAccessException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The repository's README: the module's tests run in the module's directory. */
	private static Path readme() {
		return Path.of("..", "README.md");
	}

	/** Created after the push service and the registry, before Boot binds meters. */
	record SeenAtCreation(long vwoMeters) {
	}

	@Configuration(proxyBeanMethods = false)
	static class MetersSeenAtCreation {

		@Bean
		SeenAtCreation seenAtCreation(VwoPushService service, MeterRegistry registry) {
			return new SeenAtCreation(registry.getMeters()
				.stream()
				.filter((meter) -> meter.getId().getName().startsWith("vwo."))
				.count());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PushAtStartup {

		@Bean
		Boolean pushedAtStartup(VwoPushService service) {
			service.push(" ", "v", "u");
			return service.push("plan", "gold", "u");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnMeters {

		@Bean
		VwoPushMeters ownMeters(VwoPushEngine service) {
			return new VwoPushMeters(service);
		}

	}

	static class CountingListener implements VwoDeliveryListener {

		final AtomicInteger finished = new AtomicInteger();

		@Override
		public void dimensionsFinished(PushReason reason, int count) {
			this.finished.addAndGet(count);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnDeliveryListener {

		@Bean
		CountingListener countingListener() {
			return new CountingListener();
		}

	}

}
