package io.github.vwopush.autoconfigure;

/**
 * The application runs a Spring Boot line the starter was not built for.
 */
public class UnsupportedSpringBootLineException extends RuntimeException {

	private final String bootVersion;

	private final int supportedMajor;

	UnsupportedSpringBootLineException(String bootVersion, int supportedMajor) {
		super("vwo-spring-boot-starter is built for Spring Boot " + supportedMajor + ".x; this application runs "
				+ "Spring Boot " + bootVersion);
		this.bootVersion = bootVersion;
		this.supportedMajor = supportedMajor;
	}

	/**
	 * The Spring Boot version the application runs.
	 * @return the version
	 */
	public String getBootVersion() {
		return this.bootVersion;
	}

	/**
	 * The Spring Boot major version the starter supports.
	 * @return the major version
	 */
	public int getSupportedMajor() {
		return this.supportedMajor;
	}

}
