package io.github.vwopush.autoconfigure;

import java.util.Map;

import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.actuate.VwoEndpoint;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class VwoEndpointAutoConfigurationTests {

	private static final String SDK_KEY = "0ddba11c0ffee0ddba11c0ffee000000";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class, VwoEndpointAutoConfiguration.class))
		.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY, "vwo.dev-mode=true");

	@Test
	void runWhenExposedShouldCreateEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=vwo").run((context) -> {
			assertThat(context).hasSingleBean(VwoEndpoint.class);
			assertThat(context.getBean(VwoEndpoint.class).vwo().configuration()).containsEntry("sdkKey", "******")
				.containsEntry("accountId", "123456");
		});
	}

	@Test
	void anSdkKeyThatIsNotSetIsShownAsNotSetRatherThanMasked() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class, VwoEndpointAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true",
					"management.endpoints.web.exposure.include=vwo")
			.run((context) -> assertThat(context.getBean(VwoEndpoint.class).vwo().configuration())
				.containsEntry("sdkKey", "(not set)"));
	}

	@Test
	void runWhenNotExposedShouldNotCreateEndpointButStillMaskTheSdkKey() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(VwoEndpoint.class)
			.hasBean("vwoSdkKeySanitizingFunction"));
	}

	@Test
	void runWhenAccessIsNoneShouldNotCreateEndpoint() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=vwo",
					"management.endpoint.vwo.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(VwoEndpoint.class));
	}

	@Test
	void runWhenUserDefinesEndpointShouldUseIt() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=vwo")
			.withUserConfiguration(OwnEndpoint.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(VwoEndpoint.class);
				assertThat(context).getBean(VwoEndpoint.class).isSameAs(context.getBean("ownEndpoint"));
			});
	}

	@Test
	void runWhenUserDefinesTheSanitizingFunctionShouldUseIt() {
		this.runner.withUserConfiguration(OwnSanitizingFunction.class).run((context) -> {
			assertThat(context).doesNotHaveBean(SdkKeySanitizingFunction.class);
			assertThat(context).getBean("vwoSdkKeySanitizingFunction")
				.isSameAs(context.getBean(SanitizingFunction.class));
		});
	}

	@Test
	void runWithUsersOwnPushServiceShouldNotCreateEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=vwo")
			.withUserConfiguration(VwoAutoConfigurationTests.OwnService.class)
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(VwoEndpoint.class)
				.doesNotHaveBean("vwoSdkKeySanitizingFunction"));
	}

	@Test
	void runWithoutActuatorShouldNotCreateEndpointOrSanitizerAndStillPush() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=vwo")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate"))
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(VwoEndpoint.class)
					.doesNotHaveBean("vwoSdkKeySanitizingFunction");
				assertThat(context.getBean(VwoPushService.class).push("plan", "gold", "u")).isTrue();
			});
	}

	@Test
	void runWithoutActuatorAutoConfigureShouldNotCreateEndpointOrSanitizer() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=vwo")
			.withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.autoconfigure"))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(VwoEndpoint.class)
				.doesNotHaveBean("vwoSdkKeySanitizingFunction")
				.hasSingleBean(VwoPushService.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnEndpoint {

		@Bean
		VwoEndpoint ownEndpoint(VwoPushEngine service) {
			return new VwoEndpoint(service, Map.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnSanitizingFunction {

		@Bean
		SanitizingFunction vwoSdkKeySanitizingFunction() {
			return (data) -> data;
		}

	}

}
