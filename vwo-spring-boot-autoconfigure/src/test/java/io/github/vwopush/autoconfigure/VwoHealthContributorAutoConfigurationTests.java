package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoPushService;
import io.github.vwopush.health.VwoHealthIndicator;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code vwo} health contributor on Spring Boot 4's health API (its own module and
 * package, {@code org.springframework.boot.health}).
 */
class VwoHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(VwoAutoConfiguration.class, VwoHealthContributorAutoConfiguration.class))
		.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true");

	@Test
	void runShouldCreateIndicator() {
		this.runner.run((context) -> {
			assertThat(context).getBean("vwoHealthIndicator").isExactlyInstanceOf(VwoHealthIndicator.class);
			Health health = context.getBean("vwoHealthIndicator", HealthIndicator.class).health();
			assertThat(health.getStatus()).isEqualTo(Status.UP);
			assertThat(health.getDetails()).containsEntry("queueSize", 0).containsEntry("pending", 0);
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
			assertThat(context).getBean("vwoHealthIndicator").isNotInstanceOf(VwoHealthIndicator.class);
			assertThat(context.getBean("vwoHealthIndicator", HealthIndicator.class).health().getStatus())
				.isEqualTo(Status.OUT_OF_SERVICE);
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
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.health"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean("vwoHealthIndicator");
				assertThat(context.getBean(VwoPushService.class).push("plan", "gold", "u")).isTrue();
			});
	}

	@Test
	void runWithoutTheHealthIndicatorConditionShouldNotCreateIndicator() {
		this.runner.withClassLoader(new FilteredClassLoader(ConditionalOnEnabledHealthIndicator.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("vwoHealthIndicator")
				.hasSingleBean(VwoPushService.class));
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ VwoAutoConfiguration.class, VwoHealthContributorAutoConfiguration.class })
	static class ImportedAutoConfigurations {

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnIndicator {

		@Bean
		HealthIndicator vwoHealthIndicator() {
			return () -> Health.status(Status.OUT_OF_SERVICE).build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnContributor {

		@Bean
		HealthIndicator vwoHealthContributor() {
			return () -> Health.status(Status.OUT_OF_SERVICE).build();
		}

	}

}
