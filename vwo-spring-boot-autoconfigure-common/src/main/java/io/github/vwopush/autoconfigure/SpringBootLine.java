package io.github.vwopush.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The Spring Boot lines this project ships a starter for, each with its own artifacts.
 */
enum SpringBootLine {

	/** Spring Boot 3.5, the last 3.x line. */
	SPRING_BOOT_3_5("vwo-spring-boot3-starter", "3.5.x", 3, 5, "SpringBoot3LineVerifier"),

	/** Spring Boot 4. */
	SPRING_BOOT_4("vwo-spring-boot-starter", "4.x", 4, 0, "SpringBoot4LineVerifier");

	private final String starter;

	private final String verifier;

	private final String versions;

	private final int major;

	private final int minMinor;

	SpringBootLine(String starter, String versions, int major, int minMinor, String verifier) {
		this.starter = starter;
		this.verifier = SpringBootLine.class.getPackageName() + "." + verifier;
		this.versions = versions;
		this.major = major;
		this.minMinor = minMinor;
	}

	/**
	 * The starter an application of this line adds.
	 * @return the artifact id, in group {@code io.github.vwopush}
	 */
	public String starter() {
		return this.starter;
	}

	/**
	 * The Spring Boot versions of this line, as people write them.
	 * @return for example {@code 3.5.x}
	 */
	public String versions() {
		return this.versions;
	}

	/**
	 * Whether this line's starter is on the class path.
	 * @param classLoader the application's class loader
	 * @return whether its auto-configuration module is there
	 */
	public boolean isPresent(@Nullable ClassLoader classLoader) {
		return ClassUtils.isPresent(this.verifier, classLoader);
	}

	/**
	 * Whether a version can be told apart at all: some repackagings lose Spring Boot's
	 * version, or replace it with text.
	 * @param version the version Spring Boot reports
	 * @return whether it starts with a major version number
	 */
	public static boolean isReadable(@Nullable String version) {
		return version != null && !version.isEmpty() && Character.isDigit(version.charAt(0));
	}

	/**
	 * Whether a Spring Boot version belongs to this line.
	 * @param version a version such as {@code 3.5.16}
	 * @return whether this line's starter runs on it
	 */
	public boolean includes(String version) {
		String[] parts = version.split("[.-]", 3);
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			return major == this.major && minor >= this.minMinor;
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	/**
	 * The line a Spring Boot version belongs to.
	 * @param version a version such as {@code 3.5.16}
	 * @return its line, or {@code null} when no starter supports it
	 */
	public static @Nullable SpringBootLine of(String version) {
		for (SpringBootLine line : values()) {
			if (line.includes(version)) {
				return line;
			}
		}
		return null;
	}

}
