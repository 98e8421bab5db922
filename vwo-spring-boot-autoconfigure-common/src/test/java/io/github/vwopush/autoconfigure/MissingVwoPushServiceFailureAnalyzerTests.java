package io.github.vwopush.autoconfigure;

import io.github.vwopush.RegisteredSpringFactories;
import io.github.vwopush.VwoPushService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * An application that needs {@link VwoPushService} without {@code vwo.account-id} fails to
 * start with a report that names the property, what it is now and the ways out, instead of
 * Spring Boot's "required a bean ... that could not be found" alone. Asserted on the report
 * a started {@link SpringApplication} prints, so the analyzer's order before Boot's own is
 * checked too.
 */
@ExtendWith(OutputCaptureExtension.class)
class MissingVwoPushServiceFailureAnalyzerTests {

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"unset||vwo.account-id is not set.",
			"empty|--vwo.account-id=|vwo.account-id is empty",
			"blank|'--vwo.account-id=  '|vwo.account-id is empty",
			"empty default|--vwo.account-id=${VWO_ISSUE23_NO_SUCH_VARIABLE:}|vwo.account-id is empty: '${VWO_ISSUE23_NO_SUCH_VARIABLE:}' resolves to an empty value",
			"unresolved|--vwo.account-id=${VWO_ISSUE23_NO_SUCH_VARIABLE}|vwo.account-id is '${VWO_ISSUE23_NO_SUCH_VARIABLE}', a placeholder that nothing resolves" })
	void anApplicationThatNeedsTheServiceIsToldAboutTheAccountId(String name, String argument, String now,
			CapturedOutput output) {
		String[] args = (argument != null) ? new String[] { argument } : new String[0];
		assertThatException().isThrownBy(() -> application().run(args));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Parameter 0 of constructor in " + PriceController.class.getName()
					+ " required a bean of type 'io.github.vwopush.VwoPushService' that could not be found. "
					+ "The VWO push starter creates it only when vwo.account-id is set; " + now)
			.contains("An empty value or an unresolvable placeholder counts as not set.")
			.contains("Set vwo.account-id to your VWO account id")
			.contains("vwo.dev-mode=true")
			.contains("@AutoConfigureVwoPushRecorder")
			.contains("inject ObjectProvider<VwoPushService>")
			.doesNotContain("Consider defining a bean of type");
		if (argument != null) {
			// Where it was set: the command line here, the file and line for application.yml.
			assertThat(output).contains("\"vwo.account-id\" from property source \"commandLineArgs\"");
		}
	}

	@Test
	void disabledIsNamed(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> application().run("--vwo.account-id=123456", "--vwo.dev-mode=true", "--vwo.enabled=false"));
		assertThat(output).contains("The VWO push starter creates it only when vwo.enabled is not false, and "
				+ "vwo.enabled is false.").contains("Remove vwo.enabled=false");
	}

	@Test
	void otherMissingBeansKeepSpringBootsReport(CapturedOutput output) {
		SpringApplication application = new SpringApplication(NeedsSomethingElse.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run());
		assertThat(output).contains("required a bean of type 'java.lang.Runnable' that could not be found")
			.doesNotContain("vwo.account-id");
	}

	@Test
	void theAnalyzerIsRegistered() {
		assertThat(RegisteredSpringFactories.all()).contains(MissingVwoPushServiceFailureAnalyzer.class.getName());
	}

	private static SpringApplication application() {
		SpringApplication application = new SpringApplication(Application.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		return application;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(VwoAutoConfiguration.class)
	@Import(PriceController.class)
	static class Application {

	}

	static class PriceController {

		PriceController(VwoPushService vwo) {
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(VwoAutoConfiguration.class)
	@Import(NeedsARunnable.class)
	static class NeedsSomethingElse {

	}

	static class NeedsARunnable {

		NeedsARunnable(Runnable runnable) {
		}

	}

}
