package io.github.vwopush.autoconfigure;

import io.github.vwopush.RunningBootLine;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.health.VwoHealthReport;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The running line's {@code vwo} health contributor, on that line's health API.
 */
class VwoHealthContributorAutoConfigurationTests {

	private static final String INDICATOR = "io.github.vwopush.health.VwoHealthIndicator";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(VwoAutoConfiguration.class, RunningBootLine.healthAutoConfiguration()))
		.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true");

	@Test
	void runShouldCreateIndicator() {
		this.runner.run((context) -> {
			assertThat(context.getBean("vwoHealthIndicator").getClass().getName()).isEqualTo(INDICATOR);
			VwoHealthReport health = RunningBootLine.health(context);
			assertThat(health.status()).isEqualTo("UP");
			assertThat(health.details()).containsEntry("queueSize", 0).containsEntry("pending", 0);
		});
	}

	@Test
	void runWhenDisabledShouldNotCreateIndicator() {
		this.runner.withPropertyValues("management.health.vwo.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("vwoHealthIndicator")
				.hasSingleBean(VwoPushService.class));
	}

	@Test
	void runWhenDefaultIndicatorsDisabledShouldNotCreateIndicator() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("vwoHealthIndicator"));
	}

	@Test
	void runWhenUserDefinesVwoHealthIndicatorShouldUseIt() {
		this.runner.withUserConfiguration(OwnIndicator.class).run((context) -> {
			assertThat(context.getBean("vwoHealthIndicator").getClass().getName()).isNotEqualTo(INDICATOR);
			assertThat(RunningBootLine.health(context).status()).isEqualTo("OUT_OF_SERVICE");
		});
	}

	@Test
	void runWhenUserDefinesVwoHealthContributorShouldUseIt() {
		this.runner.withUserConfiguration(OwnContributor.class)
			.run((context) -> assertThat(context).doesNotHaveBean("vwoHealthIndicator").hasBean("vwoHealthContributor"));
	}

	@Test
	void runWithUsersOwnPushServiceShouldNotCreateIndicator() {
		this.runner.withUserConfiguration(VwoAutoConfigurationTests.OwnService.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("vwoHealthIndicator"));
	}

	@Test
	void runWithoutTheLinesHealthApiShouldNotCreateIndicatorAndStillPush() {
		// Imported as an application imports auto-configurations, so that Boot's class filter (the
		// generated auto-configuration metadata) skips the class before its health conditions are loaded.
		new ApplicationContextRunner().withUserConfiguration(ImportedAutoConfigurations.class)
			.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true")
			.withClassLoader(new FilteredClassLoader(RunningBootLine.healthPackage()))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("vwoHealthIndicator");
				assertThat(context.getBean(VwoPushService.class).push("plan", "gold", "u")).isTrue();
			});
	}

	@Test
	void runWithoutTheHealthIndicatorConditionShouldNotCreateIndicator() {
		this.runner.withClassLoader(new FilteredClassLoader(RunningBootLine.enabledHealthIndicatorCondition()))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("vwoHealthIndicator")
				.hasSingleBean(VwoPushService.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(VwoAutoConfiguration.class)
	@ImportLineHealthAutoConfiguration
	static class ImportedAutoConfigurations {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIndicator {

		@Bean
		Object vwoHealthIndicator() {
			return RunningBootLine.healthIndicator("OUT_OF_SERVICE");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnContributor {

		@Bean
		Object vwoHealthContributor() {
			return RunningBootLine.healthIndicator("OUT_OF_SERVICE");
		}

	}

}
