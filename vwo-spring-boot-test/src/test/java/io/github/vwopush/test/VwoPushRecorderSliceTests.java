package io.github.vwopush.test;

import io.github.vwopush.VwoDimension;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * A test slice leaves the starter's auto-configuration out (as {@code @WebMvcTest} does):
 * the annotation alone must bring what {@code @VwoDimension} needs.
 */
@SpringBootTest(classes = VwoPushRecorderSliceTests.NoAutoConfiguration.class)
@AutoConfigureVwoPushRecorder
class VwoPushRecorderSliceTests {

	@Autowired
	private Greeter greeter;

	@Autowired
	private VwoPushRecorder recorder;

	@Test
	void vwoDimensionWorksWithOnlyTheAnnotation() {
		this.greeter.greet("alice", "en");
		this.recorder.assertPushed("alice", "language", "en");
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Greeter.class)
	static class NoAutoConfiguration {

	}

	static class Greeter {

		@VwoDimension(key = "language", value = "#language", userId = "#user")
		String greet(String user, String language) {
			return "hello " + user;
		}

	}

}
