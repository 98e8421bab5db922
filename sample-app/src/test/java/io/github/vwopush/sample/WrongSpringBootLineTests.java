package io.github.vwopush.sample;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringBootVersion;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The other line's starter in this application: the sample, on this build's real Spring Boot
 * jars, started in a JVM of its own with this line's auto-configuration module swapped for the
 * other line's. It must fail at startup with a report that names this line's starter. The
 * build passes both modules' directories (see this module's POM).
 */
class WrongSpringBootLineTests {

	@Test
	void theOtherLinesStarterFailsStartupNamingThisLinesStarter(@TempDir Path temp) throws Exception {
		// What the failure report must say, written out: the line names are the auto-configuration's own.
		boolean boot4 = SpringBootVersion.getVersion().startsWith("4.");
		Line running = boot4 ? Line.SPRING_BOOT_4 : Line.SPRING_BOOT_3_5;
		Line wrong = boot4 ? Line.SPRING_BOOT_3_5 : Line.SPRING_BOOT_4;
		Path own = Path.of(System.getProperty("vwo.line.autoconfigure")).toRealPath();
		Path other = Path.of(System.getProperty("vwo.other-line.autoconfigure")).toRealPath();
		List<String> classPath = new ArrayList<>();
		int swapped = 0;
		for (String entry : System.getProperty("surefire.test.class.path").split(File.pathSeparator)) {
			Path path = Path.of(entry);
			if (Files.exists(path) && path.toRealPath().startsWith(own)) {
				swapped++;
			}
			else {
				classPath.add(entry);
			}
		}
		assertThat(swapped).as("this line's auto-configuration on the class path").isEqualTo(1);
		classPath.add(other.resolve("classes").toString());
		Path log = temp.resolve("startup.log");
		Process app = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
				String.join(File.pathSeparator, classPath), PricingApplication.class.getName(), "--server.port=0",
				"--spring.profiles.active=local-collector")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			assertThat(app.waitFor(90, TimeUnit.SECONDS)).as("the application stopped by itself").isTrue();
		}
		finally {
			app.destroyForcibly();
		}
		String output = Files.readString(log);
		assertThat(app.exitValue()).as(output).isNotZero();
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("io.github.vwopush:" + wrong.starter() + " is built for Spring Boot " + wrong.versions()
					+ ", but this application runs Spring Boot " + SpringBootVersion.getVersion())
			.contains("Replace io.github.vwopush:" + wrong.starter() + " with io.github.vwopush:" + running.starter())
			.doesNotContain("NoClassDefFoundError")
			.doesNotContain("Started PricingApplication");
	}

	private enum Line {

		SPRING_BOOT_3_5("vwo-spring-boot3-starter", "3.5.x"), SPRING_BOOT_4("vwo-spring-boot-starter", "4.x");

		private final String starter;

		private final String versions;

		Line(String starter, String versions) {
			this.starter = starter;
			this.versions = versions;
		}

		String starter() {
			return this.starter;
		}

		String versions() {
			return this.versions;
		}

	}

}
