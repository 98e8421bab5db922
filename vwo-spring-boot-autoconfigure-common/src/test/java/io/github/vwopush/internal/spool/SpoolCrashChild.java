package io.github.vwopush.internal.spool;

import java.util.Arrays;

import io.github.vwopush.VwoPushService;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.annotation.Configuration;

/**
 * The child JVM of {@link SpoolCrashTests}: starts the service with the given properties,
 * pushes {@code count} dimensions ({@code crash-<i>} = {@code value-<i>} for user
 * {@code user-<i % 7>}), prints {@code ACCEPTED <n>}, and waits to be killed.
 */
public final class SpoolCrashChild {

	private SpoolCrashChild() {
	}

	public static void main(String[] args) throws Exception {
		int count = Integer.parseInt(args[0]);
		VwoPushService service = new SpringApplicationBuilder(Config.class).web(WebApplicationType.NONE)
			.run(Arrays.copyOfRange(args, 1, args.length))
			.getBean(VwoPushService.class);
		int accepted = 0;
		for (int i = 0; i < count; i++) {
			accepted += service.push("crash-" + i, "value-" + i, "user-" + (i % 7)) ? 1 : 0;
		}
		System.out.println("ACCEPTED " + accepted);
		System.out.flush();
		ChildJvm.awaitEndOfInput();
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(VwoAutoConfiguration.class)
	static class Config {

	}

}
