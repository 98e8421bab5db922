package io.github.vwopush.spool;

import io.github.vwopush.VwoPushService;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * The child JVM of {@link SpoolCrashTests}: pushes {@code count} dimensions while VWO is
 * down, prints how many were accepted, waits a few sync intervals, prints READY and waits
 * to be killed with SIGKILL.
 */
public final class SpoolCrashChild {

	private SpoolCrashChild() {
	}

	public static void main(String[] args) throws Exception {
		int count = Integer.parseInt(args[0]);
		String[] properties = java.util.Arrays.copyOfRange(args, 1, args.length);
		ConfigurableApplicationContext context = new SpringApplicationBuilder(Config.class)
			.web(WebApplicationType.NONE)
			.run(properties);
		VwoPushService service = context.getBean(VwoPushService.class);
		int accepted = 0;
		for (int i = 0; i < count; i++) {
			accepted += service.push("crash-" + i, "value-" + i, "user-" + (i % 7)) ? 1 : 0;
		}
		System.out.println("ACCEPTED " + accepted);
		Thread.sleep(500);
		System.out.println("READY");
		System.out.flush();
		Thread.sleep(60_000);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(VwoAutoConfiguration.class)
	static class Config {

	}

}
