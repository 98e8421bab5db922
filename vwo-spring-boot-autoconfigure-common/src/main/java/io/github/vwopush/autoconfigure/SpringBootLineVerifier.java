package io.github.vwopush.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Stops startup, before any auto-configuration is loaded, when the application runs a
 * Spring Boot line the starter on its class path was not built for: its classes would
 * otherwise fail with a {@code NoClassDefFoundError} far from the cause. Each line's
 * auto-configuration module registers its own subclass as an
 * {@link ApplicationContextInitializer}, whose contract is the same in every Spring Boot
 * line, so that the check itself runs on any of them.
 */
abstract class SpringBootLineVerifier
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

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

	/** First, before any other initializer touches a class of the wrong line. */
	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	public void initialize(ConfigurableApplicationContext applicationContext) {
		String version = this.bootVersion.get();
		// Unknown or unreadable when a repackaging lost Spring Boot's version: nothing to check against.
		if (!SpringBootLine.isReadable(version)) {
			return;
		}
		if (!this.line.includes(version)) {
			throw new UnsupportedSpringBootLineException(version, this.line);
		}
	}

}
