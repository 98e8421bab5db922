package io.github.vwopush.autoconfigure;

/**
 * Fails startup when {@code vwo-spring-boot-starter} runs on a Spring Boot version outside
 * the 4.x line, naming the starter that line needs.
 */
final class SpringBoot4LineVerifier extends SpringBootLineVerifier {

	/**
	 * Verify the Spring Boot version on the class path.
	 */
	public SpringBoot4LineVerifier() {
		super(SpringBootLine.SPRING_BOOT_4);
	}

}
