package io.github.vwopush.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops startup, before any auto-configuration is loaded, when the application runs a
 * Spring Boot line this artifact was not built for: its classes would otherwise fail with
 * a {@code NoClassDefFoundError} far from the cause. Registered as an
 * {@link ApplicationContextInitializer}, whose contract is the same in every Spring Boot
 * line, so that the check itself runs on any of them.
 */
public final class SpringBootLineVerifier implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	/** The Spring Boot major version this artifact is built for. */
	static final int SUPPORTED_MAJOR = 4;

	private final Supplier<@Nullable String> bootVersion;

	/**
	 * Verify the Spring Boot version on the class path.
	 */
	public SpringBootLineVerifier() {
		this(SpringBootVersion::getVersion);
	}

	SpringBootLineVerifier(Supplier<@Nullable String> bootVersion) {
		this.bootVersion = bootVersion;
	}

	@Override
	public void initialize(ConfigurableApplicationContext applicationContext) {
		String version = this.bootVersion.get();
		// Unknown when Spring Boot's jar has no manifest (some repackagings): nothing to check against.
		if (version == null || version.isBlank()) {
			return;
		}
		if (majorOf(version) != SUPPORTED_MAJOR) {
			throw new UnsupportedSpringBootLineException(version, SUPPORTED_MAJOR);
		}
	}

	private static int majorOf(String version) {
		int dot = version.indexOf('.');
		try {
			return Integer.parseInt((dot > 0) ? version.substring(0, dot) : version);
		}
		catch (NumberFormatException ex) {
			return SUPPORTED_MAJOR;
		}
	}

}
