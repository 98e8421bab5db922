package io.github.vwopush.autoconfigure;

import org.jspecify.annotations.Nullable;

/**
 * The application runs a Spring Boot line the starter was not built for.
 */
class UnsupportedSpringBootLineException extends RuntimeException {

	private final String bootVersion;

	private final SpringBootLine line;

	UnsupportedSpringBootLineException(String bootVersion, SpringBootLine line) {
		super(line.starter() + " is built for Spring Boot " + line.versions() + "; this application runs "
				+ "Spring Boot " + bootVersion);
		this.bootVersion = bootVersion;
		this.line = line;
	}

	/**
	 * The Spring Boot version the application runs.
	 * @return the version
	 */
	public String getBootVersion() {
		return this.bootVersion;
	}

	/**
	 * The Spring Boot line the starter on the class path is built for.
	 * @return the line
	 */
	public SpringBootLine getLine() {
		return this.line;
	}

	/**
	 * The line the application runs, whose starter it should use instead.
	 * @return that line, or {@code null} when no starter supports the running version
	 */
	public @Nullable SpringBootLine getRunningLine() {
		return SpringBootLine.of(this.bootVersion);
	}

}
