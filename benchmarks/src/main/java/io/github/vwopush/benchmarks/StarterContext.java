package io.github.vwopush.benchmarks;

import java.util.ArrayList;
import java.util.List;

import io.github.vwopush.VwoPushEngine;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real Spring Boot context with the starter, as an application would have it.
 */
final class StarterContext {

	static final String SDK_KEY = "0123456789abcdef0123456789abcdef";

	private StarterContext() {
	}

	static ConfigurableApplicationContext start(Class<?> configuration, String... properties) {
		List<String> args = new ArrayList<>(List.of("--vwo.account-id=123456", "--vwo.sdk-key=" + SDK_KEY,
				"--spring.main.banner-mode=off", "--logging.level.root=WARN"));
		for (String property : properties) {
			args.add("--" + property);
		}
		return new SpringApplicationBuilder(configuration).web(WebApplicationType.NONE).run(args.toArray(String[]::new));
	}

	/** The starter against a plain-HTTP collector, batching as throughput wants it, with room for every push. */
	static ConfigurableApplicationContext startAgainst(Class<?> configuration, LoopbackCollector collector) {
		return start(configuration, "vwo.base-url=" + collector.baseUrl(), "vwo.batch.max-events=5000",
				"vwo.batch.linger=5ms", "vwo.queue.capacity=4000000", "vwo.queue.max-size=1500MB");
	}

	static VwoPushEngine service(ConfigurableApplicationContext context) {
		return context.getBean(VwoPushEngine.class);
	}

	@EnableAutoConfiguration
	static class Application {

	}

}
