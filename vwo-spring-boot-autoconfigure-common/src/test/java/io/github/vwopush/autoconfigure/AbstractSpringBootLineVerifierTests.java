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
 * On a Spring Boot line its starter was not built for, startup fails at once with a report
 * that names the starter for the line the application runs. Each line's module runs these
 * tests for its own verifier, on its own Spring Boot version.
 */
@ExtendWith(OutputCaptureExtension.class)
public abstract class AbstractSpringBootLineVerifierTests {

	private final SpringBootLine line;

	private final SpringBootLine otherLine;

	private final String otherVersion;

	private final Class<? extends SpringBootLineVerifier> registered;

	/**
	 * Tests of one line's verifier.
	 * @param line the line the module is built for
	 * @param otherLine the other line
	 * @param otherVersion a version of the other line
	 * @param registered the verifier the module registers
	 */
	protected AbstractSpringBootLineVerifierTests(SpringBootLine line, SpringBootLine otherLine, String otherVersion,
			Class<? extends SpringBootLineVerifier> registered) {
		this.line = line;
		this.otherLine = otherLine;
		this.otherVersion = otherVersion;
		this.registered = registered;
	}

	private SpringBootLineVerifier verifier(String version) {
		return verifier(this.line, version);
	}

	private static SpringBootLineVerifier verifier(SpringBootLine line, String version) {
		return new SpringBootLineVerifier(line, () -> version) {
		};
	}

	@Test
	void theSpringBootVersionOnTheClassPathIsAccepted() throws Exception {
		assertThat(SpringBootLine.of(SpringBootVersion.getVersion())).isEqualTo(this.line);
		SpringBootLineVerifier verifier = this.registered.getConstructor().newInstance();
		assertThatNoException().isThrownBy(() -> verifier.initialize(null));
	}

	@Test
	void anotherLineIsRefusedAndAnUnknownVersionIsNotGuessed() {
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> verifier(this.otherVersion).initialize(null))
			.withMessage(this.line.starter() + " is built for Spring Boot " + this.line.versions()
					+ "; this application runs Spring Boot " + this.otherVersion);
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> verifier("5.0.0-M1").initialize(null));
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> verifier("3.4.9").initialize(null));
		assertThatNoException().isThrownBy(() -> verifier(SpringBootVersion.getVersion()).initialize(null));
		assertThatNoException().isThrownBy(() -> verifier(null).initialize(null));
		assertThatNoException().isThrownBy(() -> verifier("").initialize(null));
		assertThatNoException().isThrownBy(() -> verifier("unknown").initialize(null));
	}

	@Test
	void isRegisteredWithEverySpringApplicationAndRunsFirst() {
		assertThat(new SpringApplication(Empty.class).getInitializers()).first().isInstanceOf(this.registered);
	}

	@Test
	void withBothStartersTheReportSaysToRemoveTheWrongOne(CapturedOutput output) {
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> start(verifier(this.otherLine, SpringBootVersion.getVersion())));
		assertThat(output).contains("Remove io.github.vwopush:" + this.otherLine.starter() + ": io.github.vwopush:"
				+ this.line.starter() + ", the same starter built for Spring Boot " + this.line.versions()
				+ ", is already there.");
	}

	@Test
	void startupOnTheOtherLineFailsWithAReportThatNamesItsStarter(CapturedOutput output) {
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class)
			.isThrownBy(() -> start(verifier(this.otherVersion)));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("io.github.vwopush:" + this.line.starter() + " is built for Spring Boot " + this.line.versions()
					+ ", but this application runs Spring Boot " + this.otherVersion)
			.contains("Replace io.github.vwopush:" + this.line.starter() + " with io.github.vwopush:"
					+ this.otherLine.starter() + ", the same starter built for Spring Boot "
					+ this.otherLine.versions() + ".");
	}

	@Test
	void startupOnALineWithoutAStarterListsTheLinesThatHaveOne(CapturedOutput output) {
		assertThatExceptionOfType(UnsupportedSpringBootLineException.class).isThrownBy(() -> start(verifier("3.4.9")));
		assertThat(output).contains("Run the application on Spring Boot " + this.line.versions()
				+ ", or on another line with a starter: Spring Boot 3.5.x (io.github.vwopush:vwo-spring-boot3-starter), "
				+ "Spring Boot 4.x (io.github.vwopush:vwo-spring-boot-starter).");
	}

	private static void start(SpringBootLineVerifier verifier) {
		SpringApplication application = new SpringApplication(Empty.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.addInitializers(verifier);
		try (ConfigurableApplicationContext context = application.run()) {
			// not reached
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Empty {

	}

}
