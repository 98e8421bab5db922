package io.github.vwopush.autoconfigure;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which starter a Spring Boot version needs.
 */
class SpringBootLineTests {

	@ParameterizedTest
	@CsvSource(nullValues = "none", value = { "3.5.0, SPRING_BOOT_3_5", "3.5.16, SPRING_BOOT_3_5",
			"3.5.0-RC1, SPRING_BOOT_3_5", "3.4.9, none", "2.7.18, none", "4.0.0, SPRING_BOOT_4",
			"4.1.2, SPRING_BOOT_4", "4.2.0-SNAPSHOT, SPRING_BOOT_4", "5.0.0-M1, none", "4, SPRING_BOOT_4",
			"unknown, none" })
	void eachVersionBelongsToAtMostOneLine(String version, SpringBootLine line) {
		assertThat(SpringBootLine.of(version)).isEqualTo(line);
	}

}
