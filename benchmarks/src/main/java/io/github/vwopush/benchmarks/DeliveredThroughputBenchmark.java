package io.github.vwopush.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.vwo.VWO;
import io.github.vwopush.PushReason;
import io.github.vwopush.delivery.DefaultVwoPushService;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Delivered throughput: the time from the first {@code push()} of {@code dimensions} until
 * the loopback collector has acknowledged every one of them, for this starter and for VWO's
 * official Java SDK 1.10.0, in the same JVM against the same HTTPS collector on
 * 127.0.0.1:443 (VWO's host is resolved there by {@code -Djdk.net.hosts.file}, and the
 * collector's certificate is trusted). Run from the repository root, as root (port 443).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 3, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-Djdk.net.hosts.file=benchmarks/hosts" })
public class DeliveredThroughputBenchmark {

	private static final String SETTINGS = "{\"sdkKey\":\"" + StarterContext.SDK_KEY
			+ "\",\"accountId\":123456,\"version\":1,\"campaigns\":[]}";

	@Param({ "2000" })
	public int dimensions;

	private LoopbackCollector collector;

	private ConfigurableApplicationContext context;

	private DefaultVwoPushService starter;

	private VWO official;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.collector = LoopbackCollector.httpsAsVwo();
		this.context = StarterContext.start(StarterContext.Application.class, "vwo.batch.max-events=5000",
				"vwo.batch.linger=5ms", "vwo.queue.capacity=1000000", "vwo.queue.max-size=1GB");
		this.starter = StarterContext.service(this.context);
		this.official = VWO.launch(SETTINGS).withSdkKey(StarterContext.SDK_KEY).build();
	}

	@Setup(Level.Invocation)
	public void resetCollector() {
		this.collector.reset();
	}

	@Benchmark
	public long starter() throws InterruptedException {
		for (int i = 0; i < this.dimensions; i++) {
			this.starter.push("plan", "gold", "user-" + i);
		}
		return awaitCollector();
	}

	@Benchmark
	public long officialSdk() throws InterruptedException {
		for (int i = 0; i < this.dimensions; i++) {
			this.official.push("plan", "gold", "user-" + i);
		}
		return awaitCollector();
	}

	private long awaitCollector() throws InterruptedException {
		long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
		while (this.collector.events() < this.dimensions) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("The collector received " + this.collector.events() + " of "
						+ this.dimensions + " dimensions in 2 minutes");
			}
			Thread.sleep(1);
		}
		return this.collector.events();
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.starter.flush(Duration.ofMinutes(1));
		long failed = this.starter.counters().count(PushReason.DELIVERED) - this.starter.counters().accepted();
		this.context.close();
		this.collector.close();
		if (failed != 0) {
			throw new IllegalStateException("The starter did not deliver everything it accepted");
		}
	}

}
