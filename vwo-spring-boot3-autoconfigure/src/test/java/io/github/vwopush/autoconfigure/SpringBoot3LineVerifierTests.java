package io.github.vwopush.autoconfigure;

/**
 * The Spring Boot 3.5 starter refuses to start on Spring Boot 4 and names the Spring Boot 4 starter.
 */
class SpringBoot3LineVerifierTests extends AbstractSpringBootLineVerifierTests {

	SpringBoot3LineVerifierTests() {
		super(SpringBootLine.SPRING_BOOT_3_5, SpringBootLine.SPRING_BOOT_4, "4.1.2", SpringBoot3LineVerifier.class);
	}

}
