package io.github.vwopush.test;

import java.nio.file.Path;

import io.github.vwopush.api.PublicApi;
import org.junit.jupiter.api.Test;

/**
 * The test support's public API ({@code @AutoConfigureVwoPushRecorder}, the recorder) is
 * what {@code api/vwo-spring-boot-test.api} says, on each Spring Boot line (regenerate with
 * {@code -Dvwo.api.update=true}).
 */
class RecorderPublicApiTests {

	@Test
	void theTestSupportsPublicApiIsTheCommittedDescription() {
		PublicApi.of(VwoPushRecorder.class).assertMatches(Path.of("../vwo-spring-boot-test/api/vwo-spring-boot-test.api"));
	}

}
