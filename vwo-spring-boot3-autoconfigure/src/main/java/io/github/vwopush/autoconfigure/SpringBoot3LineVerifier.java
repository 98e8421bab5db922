package io.github.vwopush.autoconfigure;

/**
 * Fails startup when {@code vwo-spring-boot3-starter} runs on a Spring Boot version outside
 * the 3.5.x line, naming the starter that line needs.
 */
final class SpringBoot3LineVerifier extends SpringBootLineVerifier {

	/**
	 * Verify the Spring Boot version on the class path.
	 */
	public SpringBoot3LineVerifier() {
		super(SpringBootLine.SPRING_BOOT_3_5);
	}

}
