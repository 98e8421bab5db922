package io.github.vwopush.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops startup, before any auto-configuration is loaded, when the application runs a
 * Spring Boot line the starter on its class path was not built for: its classes would
 * otherwise fail with a {@code NoClassDefFoundError} far from the cause. Each line's
 * auto-configuration module registers its own subclass as an
 * {@link ApplicationContextInitializer}, whose contract is the same in every Spring Boot
 * line, so that the check itself runs on any of them.
 */
public abstract class SpringBootLineVerifier implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	private final SpringBootLine line;

	private final Supplier<@Nullable String> bootVersion;

	/**
	 * Verify that the Spring Boot version on the class path belongs to a line.
	 * @param line the line the starter is built for
	 * @param bootVersion the running Spring Boot version, {@code null} when unknown
	 */
	protected SpringBootLineVerifier(SpringBootLine line, Supplier<@Nullable String> bootVersion) {
		this.line = line;
		this.bootVersion = bootVersion;
	}

	/**
	 * Verify the Spring Boot version on the class path.
	 * @param line the line the starter is built for
	 */
	protected SpringBootLineVerifier(SpringBootLine line) {
		this(line, SpringBootVersion::getVersion);
	}

	@Override
	public void initialize(ConfigurableApplicationContext applicationContext) {
		String version = this.bootVersion.get();
		// Unknown when Spring Boot's jar has no manifest (some repackagings): nothing to check against.
		if (version == null || version.isBlank()) {
			return;
		}
		if (!this.line.includes(version)) {
			throw new UnsupportedSpringBootLineException(version, this.line);
		}
	}

}
