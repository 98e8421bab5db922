package io.github.vwopush.autoconfigure;

/**
 * The Spring Boot 4 starter refuses to start on Spring Boot 3.5 and names the 3.5 starter.
 */
class SpringBoot4LineVerifierTests extends AbstractSpringBootLineVerifierTests {

	SpringBoot4LineVerifierTests() {
		super(SpringBootLine.SPRING_BOOT_4, SpringBootLine.SPRING_BOOT_3_5, "3.5.16", SpringBoot4LineVerifier.class);
	}

}
