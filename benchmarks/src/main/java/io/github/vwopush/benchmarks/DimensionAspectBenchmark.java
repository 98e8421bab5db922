package io.github.vwopush.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoPushService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;

/**
 * Overhead of {@code @VwoDimension} with one SpEL value from a parameter, in a real Spring
 * context: the same method on the same proxied bean, annotated and not. The difference is
 * the annotation's cost, push included.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class DimensionAspectBenchmark {

	private LoopbackCollector collector;

	private ConfigurableApplicationContext context;

	private Pricing pricing;

	private VwoPushService service;

	private int next;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.collector = LoopbackCollector.http();
		this.context = StarterContext.startAgainst(Application.class, this.collector);
		this.pricing = this.context.getBean(Pricing.class);
		this.service = this.context.getBean(VwoPushService.class);
	}

	@Setup(Level.Iteration)
	public void emptyQueue() {
		this.service.flush(Duration.ofMinutes(2));
	}

	@Benchmark
	public int plain() {
		return this.pricing.plainQuote("gold", "user-" + (this.next++ & 1023));
	}

	@Benchmark
	public int annotated() {
		return this.pricing.quote("gold", "user-" + (this.next++ & 1023));
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.collector.close();
	}

	@EnableAutoConfiguration
	static class Application {

		@Bean
		Pricing pricing() {
			return new Pricing();
		}

	}

	public static class Pricing {

		@VwoDimension(key = "plan", value = "#plan", userId = "#userId")
		public int quote(String plan, String userId) {
			return plan.length() + userId.length();
		}

		public int plainQuote(String plan, String userId) {
			return plan.length() + userId.length();
		}

	}

}
