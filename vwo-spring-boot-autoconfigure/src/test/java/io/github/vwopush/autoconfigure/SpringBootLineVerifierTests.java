package io.github.vwopush.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * On a Spring Boot line the starter was not built for, startup fails at once with a report
 * that says which line it needs.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringBootLineVerifierTests {

	@Test
	void theSpringBootLineOnTheClassPathIsAccepted() {
		assertThat(SpringBootVersion.getVersion()).startsWith("4.");
		assertThatNoException().isThrownBy(() -> new SpringBootLineVerifier().initialize(null));
	}

	@Test
	void anotherLineIsRefusedAndAnUnknownVersionIsNotGuessed() {
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> new SpringBootLineVerifier(() -> "3.5.7").initialize(null))
			.withMessage("vwo-spring-boot-starter is built for Spring Boot 4.x; this application runs Spring Boot 3.5.7");
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> new SpringBootLineVerifier(() -> "5.0.0-M1").initialize(null));
		assertThatNoException().isThrownBy(() -> new SpringBootLineVerifier(() -> "4.0.0").initialize(null));
		assertThatNoException().isThrownBy(() -> new SpringBootLineVerifier(() -> null).initialize(null));
	}

	@Test
	void isRegisteredWithEverySpringApplication() {
		assertThat(new SpringApplication(Empty.class).getInitializers())
			.hasAtLeastOneElementOfType(SpringBootLineVerifier.class);
	}

	@Test
	void startupOnSpringBoot3FailsWithAReportThatSaysWhichLineToUse(CapturedOutput output) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(new SpringBootLineVerifier(() -> "3.5.7"));
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class).isThrownBy(() -> {
			try (ConfigurableApplicationContext context = application.run()) {
				// not reached
			}
		});
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("is built for Spring Boot 4.x, but this application runs Spring Boot 3.5.7")
			.contains("Run the application on Spring Boot 4.x");
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
