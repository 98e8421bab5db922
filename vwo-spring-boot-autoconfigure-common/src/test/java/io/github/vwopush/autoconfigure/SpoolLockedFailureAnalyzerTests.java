package io.github.vwopush.autoconfigure;

import java.lang.reflect.Constructor;
import java.nio.file.Path;

import io.github.vwopush.RegisteredSpringFactories;
import io.github.vwopush.internal.spool.DiskSpool;
import io.github.vwopush.internal.spool.SpoolLockedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class SpoolLockedFailureAnalyzerTests {

	private static final String ANALYZER = "io.github.vwopush.autoconfigure.SpoolLockedFailureAnalyzer";

	@TempDir
	Path directory;

	@Test
	void aLockedSpoolAnywhereInTheCauseChainIsReportedWithTheDirectoryAndTheFix() throws Exception {
		try (DiskSpool first = DiskSpool.open(this.directory, 1 << 20)) {
			SpoolLockedException locked = catchThrowableOfType(SpoolLockedException.class,
					() -> DiskSpool.open(this.directory, 1 << 20));
			Throwable startupFailure = new BeanCreationException("vwoPushService", "Cannot start",
					new IllegalStateException("VWO push spool cannot be opened", locked));
			FailureAnalysis analysis = analyzer().analyze(startupFailure);
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(this.directory.toRealPath().toString())
				.contains("in use by another spool");
			assertThat(analysis.getAction()).contains("Set vwo.spool.directory to a different directory for each")
				.contains(this.directory.toRealPath().resolve("spool.lock").toString());
			assertThat(analysis.getCause()).isSameAs(locked);
		}
	}

	@Test
	void otherFailuresAreLeftToOtherAnalyzers() throws Exception {
		assertThat(analyzer().analyze(new IllegalStateException("something else"))).isNull();
	}

	/** The analyzer as Boot finds it: by the name registered in spring.factories. */
	private static FailureAnalyzer analyzer() throws Exception {
		assertThat(RegisteredSpringFactories.all()).contains(ANALYZER);
		Constructor<?> constructor = Class.forName(ANALYZER).getDeclaredConstructor();
		constructor.setAccessible(true);
		return (FailureAnalyzer) constructor.newInstance();
	}

	@Test
	void aSecondApplicationOnTheSameDirectoryFailsToStartWithAReportNamingIt() {
		ApplicationContextRunner runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=k", "vwo.base-url=http://127.0.0.1:9",
					"vwo.spool.enabled=true", "vwo.spool.directory=" + this.directory, "vwo.shutdown.timeout=0s");
		runner.run((first) -> {
			assertThat(first).hasNotFailed();
			runner.run((second) -> {
				assertThat(second).hasFailed();
				Throwable failure = second.getStartupFailure();
				assertThat(failure).hasRootCauseInstanceOf(SpoolLockedException.class);
				FailureAnalysis analysis = analyzer().analyze(failure);
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains(this.directory.toRealPath().toString());
				assertThat(analysis.getAction()).contains("vwo.spool.directory");
			});
		});
		// Once the first application has stopped, the directory is free again.
		runner.run((third) -> assertThat(third).hasNotFailed());
	}

}
