package io.github.vwopush;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Consumer;

import io.github.vwopush.health.VwoHealthReport;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.context.ApplicationContext;
import org.springframework.util.ClassUtils;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The names that differ between the Spring Boot lines the shared tests run on: Spring Boot 4
 * split auto-configuration into modules with packages of their own. Each method answers for
 * the line on the class path, so the same test source runs on both.
 */
public final class RunningBootLine {

	private static final boolean BOOT_4 = SpringBootVersion.getVersion().startsWith("4.");

	private RunningBootLine() {
	}

	/** Micrometer metrics with a simple registry. */
	public static AutoConfigurations metrics() {
		return BOOT_4 ? of("org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration")
				: of("org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
						"org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
						"org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration");
	}

	/** The observation registry, and WebClient.Builder with its codecs and observations. */
	public static AutoConfigurations observedWebClient() {
		return BOOT_4 ? of("org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration",
				"org.springframework.boot.http.codec.autoconfigure.CodecsAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration",
				"org.springframework.boot.webclient.autoconfigure.WebClientObservationAutoConfiguration")
				: of("org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration",
						"org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration",
						"org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration",
						"org.springframework.boot.actuate.autoconfigure.observation.web.client.HttpClientObservationsAutoConfiguration");
	}

	/**
	 * A {@code WebClientCustomizer} bean, as an application declares one on this line.
	 * @param customizer what it does to Boot's {@code WebClient.Builder}
	 * @return the customizer, implementing the line's interface
	 */
	public static Object webClientCustomizer(Consumer<WebClient.Builder> customizer) {
		Class<?> type = load(BOOT_4 ? "org.springframework.boot.webclient.WebClientCustomizer"
				: "org.springframework.boot.web.reactive.function.client.WebClientCustomizer");
		return implementing(type, "customize", (proxy, method, args) -> {
			customizer.accept((WebClient.Builder) args[0]);
			return null;
		});
	}

	/** The package that holds the line's health API (Boot 4: its own module; 3.5: Actuator). */
	public static String healthPackage() {
		return BOOT_4 ? "org.springframework.boot.health" : "org.springframework.boot.actuate";
	}

	/** The line's {@code @ConditionalOnEnabledHealthIndicator}. */
	public static Class<?> enabledHealthIndicatorCondition() {
		return load(BOOT_4 ? "org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator"
				: "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator");
	}

	/**
	 * A {@code HealthIndicator} bean of the line's type, as an application declares one.
	 * @param status the status it always reports
	 * @return the indicator
	 */
	public static Object healthIndicator(String status) {
		Class<?> type = load(BOOT_4 ? "org.springframework.boot.health.contributor.HealthIndicator"
				: "org.springframework.boot.actuate.health.HealthIndicator");
		Class<?> health = load(BOOT_4 ? "org.springframework.boot.health.contributor.Health"
				: "org.springframework.boot.actuate.health.Health");
		return implementing(type, "health",
				(proxy, method, args) -> invoke(health.getMethod("status", String.class).invoke(null, status), "build"));
	}

	/**
	 * A line's callback interface, implemented for a test: its one abstract method by
	 * {@code answer}, its default methods as the interface defines them.
	 */
	private static Object implementing(Class<?> type, String abstractMethod, InvocationHandler answer) {
		return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] { type }, (proxy, method, args) -> {
			if (method.isDefault()) {
				return InvocationHandler.invokeDefault(proxy, method, args);
			}
			return switch (method.getName()) {
				case "hashCode" -> System.identityHashCode(proxy);
				case "equals" -> proxy == args[0];
				case "toString" -> type.getSimpleName() + " for tests";
				default -> {
					if (!method.getName().equals(abstractMethod)) {
						throw new UnsupportedOperationException(method.getName());
					}
					yield answer.invoke(proxy, method, args);
				}
			};
		});
	}

	/** The line's own {@code vwo} health contributor auto-configuration. */
	public static Class<?> healthAutoConfiguration() {
		return load("io.github.vwopush.autoconfigure.VwoHealthContributorAutoConfiguration");
	}

	/** What the application's {@code vwo} health indicator reports now. */
	public static VwoHealthReport health(ApplicationContext context) {
		return report(healthObject(context.getBean("vwoHealthIndicator")));
	}

	/** What the line's {@code vwo} health indicator reports now for a service. */
	public static VwoHealthReport health(VwoPushEngine service) {
		try {
			return report(healthObject(load("io.github.vwopush.health.VwoHealthIndicator")
				.getConstructor(VwoPushEngine.class)
				.newInstance(service)));
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The line's own {@code Health} object the indicator returns, as Actuator serializes it. */
	public static Object healthObject(Object indicator) {
		return invoke(indicator, "health");
	}

	@SuppressWarnings("unchecked")
	private static VwoHealthReport report(Object health) {
		String status = (String) invoke(invoke(health, "getStatus"), "getCode");
		return new VwoHealthReport(status, (Map<String, Object>) invoke(health, "getDetails"));
	}

	private static Object invoke(Object target, String method) {
		try {
			return target.getClass().getMethod(method).invoke(target);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The phase in which the web server shuts down gracefully. */
	public static int gracefulShutdownPhase() {
		Class<?> lifecycle = load(BOOT_4 ? "org.springframework.boot.web.server.context.WebServerGracefulShutdownLifecycle"
				: "org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle");
		try {
			return lifecycle.getField("SMART_LIFECYCLE_PHASE").getInt(null);
		}
		catch (ReflectiveOperationException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static AutoConfigurations of(String... names) {
		return AutoConfigurations.of(Arrays.stream(names).map(RunningBootLine::load).toArray(Class<?>[]::new));
	}

	private static Class<?> load(String name) {
		try {
			return ClassUtils.forName(name, RunningBootLine.class.getClassLoader());
		}
		catch (ClassNotFoundException ex) {
			throw new IllegalStateException(name + " is not on Spring Boot " + SpringBootVersion.getVersion()
					+ "'s class path", ex);
		}
	}

}
