package io.github.vwopush;

import java.util.function.Consumer;

import io.github.vwopush.health.VwoHealthIndicator;
import io.github.vwopush.health.VwoHealthReport;

import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.ObservationAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.observation.web.client.HttpClientObservationsAutoConfiguration;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.http.codec.CodecsAutoConfiguration;
import org.springframework.boot.autoconfigure.web.reactive.function.client.WebClientAutoConfiguration;
import org.springframework.boot.web.context.WebServerGracefulShutdownLifecycle;
import org.springframework.boot.web.reactive.function.client.WebClientCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Spring Boot 3.5's side of the names the shared tests need that Spring Boot 4 moved into
 * modules with packages of their own. Spring Boot 4's module has a class of the same name and
 * methods; the shared tests compile against whichever line's module compiles them, so a class
 * a Boot release renames fails that line's compilation instead of a test run.
 */
public final class RunningBootLine {

	private RunningBootLine() {
	}

	/** Micrometer metrics with a simple registry. */
	public static AutoConfigurations metrics() {
		return AutoConfigurations.of(MetricsAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class);
	}

	/** The observation registry, and WebClient.Builder with its codecs and observations. */
	public static AutoConfigurations observedWebClient() {
		return AutoConfigurations.of(ObservationAutoConfiguration.class, CodecsAutoConfiguration.class,
				WebClientAutoConfiguration.class, HttpClientObservationsAutoConfiguration.class);
	}

	/**
	 * A {@code WebClientCustomizer} bean, as an application declares one on this line.
	 * @param customizer what it does to Boot's {@code WebClient.Builder}
	 * @return the customizer
	 */
	public static WebClientCustomizer webClientCustomizer(Consumer<WebClient.Builder> customizer) {
		return customizer::accept;
	}

	/** What the application's {@code vwo} health indicator reports now. */
	public static VwoHealthReport health(ApplicationContext context) {
		return report(healthObject(context));
	}

	/** What the line's {@code vwo} health indicator reports now for a service. */
	public static VwoHealthReport health(VwoPushEngine service) {
		return report(new VwoHealthIndicator(service).health());
	}

	/** The application's {@code vwo} health, as Actuator serializes it. */
	public static Health healthObject(ApplicationContext context) {
		return context.getBean("vwoHealthIndicator", HealthIndicator.class).health();
	}

	private static VwoHealthReport report(Health health) {
		return new VwoHealthReport(health.getStatus().getCode(), health.getDetails());
	}

	/** The phase in which the web server shuts down gracefully. */
	public static int gracefulShutdownPhase() {
		return WebServerGracefulShutdownLifecycle.SMART_LIFECYCLE_PHASE;
	}

}
