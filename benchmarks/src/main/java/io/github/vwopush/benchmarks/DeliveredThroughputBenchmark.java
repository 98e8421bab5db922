package io.github.vwopush.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.vwo.VWO;
import io.github.vwopush.PushReason;
import io.github.vwopush.VwoPushEngine;
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
import org.openjdk.jmh.infra.BenchmarkParams;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Delivered throughput: the time from the first {@code push()} of {@code dimensions} until
 * the loopback collector has acknowledged every one of them, for this starter and for VWO's
 * official Java SDK 1.10.0, in the same JVM against the same HTTPS collector on
 * 127.0.0.1:443 (VWO's host is resolved there by {@code -Djdk.net.hosts.file}, and the
 * collector's certificate is trusted). Run from the repository root, as root (port 443).
 * <p>
 * The collector answers every push request {@code delayMillis} after it arrived, for both
 * SDKs alike: a loopback answer takes microseconds, VWO's takes 50 to 200 ms, and the
 * throughput at a real round trip is what users get. The starter runs on its defaults
 * (batch size and linger included); only its queue is made large enough to hold the whole
 * workload, so that nothing is dropped. Every trial prints how many push requests each
 * invocation took and the most that were in flight at once.
 * <p>
 * The starter is meant to be run with {@code -p dimensions=200000}. The official SDK should
 * be run with {@code -p dimensions=2000} only (the default): it starts a thread, an HTTP
 * client and a TLS connection for every push, and a larger workload takes minutes per
 * invocation.
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

	/**
	 * Only there to fail a run that stops delivering rather than hang it; the serial sender of before
	 * issue 11 needed about a minute for 200,000 dimensions at 150 ms, the windowed one about 2 s.
	 * Within JMH's own 10-minute iteration timeout.
	 */
	private static final Duration DEADLINE = Duration.ofMinutes(5);

	@Param({ "2000" })
	public int dimensions;

	@Param({ "0", "50", "150" })
	public int delayMillis;

	private LoopbackCollector collector;

	private ConfigurableApplicationContext context;

	private VwoPushEngine starter;

	private VWO official;

	private int invocations;

	private long fewestRequests = Long.MAX_VALUE;

	private long mostRequests;

	private int maxInFlight;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.collector = LoopbackCollector.httpsAsVwo(Duration.ofMillis(this.delayMillis));
		this.context = StarterContext.start(StarterContext.Application.class, "vwo.queue.capacity=1000000",
				"vwo.queue.max-size=1GB");
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
		if (!this.collector.awaitEvents(this.dimensions, DEADLINE)) {
			throw new IllegalStateException("The collector acknowledged " + this.collector.events() + " of "
					+ this.dimensions + " dimensions in " + DEADLINE.toMinutes() + " minutes");
		}
		return this.collector.events();
	}

	@TearDown(Level.Invocation)
	public void recordRequests() {
		long requests = this.collector.pushRequests();
		this.invocations++;
		this.fewestRequests = Math.min(this.fewestRequests, requests);
		this.mostRequests = Math.max(this.mostRequests, requests);
		this.maxInFlight = Math.max(this.maxInFlight, this.collector.maxInFlight());
	}

	@TearDown(Level.Trial)
	public void stop(BenchmarkParams params) {
		// Warm-up invocations included: the question is how many requests the SDK had in flight, not how fast.
		System.out.printf("%n%s delayMillis=%d dimensions=%d: %d invocations, %d to %d push requests each,"
				+ " at most %d in flight at once%n", params.getBenchmark(), this.delayMillis, this.dimensions,
				this.invocations, this.fewestRequests, this.mostRequests, this.maxInFlight);
		this.starter.flush(Duration.ofMinutes(1));
		long failed = this.starter.state().count(PushReason.DELIVERED) - this.starter.state().accepted();
		this.context.close();
		this.collector.close();
		if (failed != 0) {
			throw new IllegalStateException("The starter did not deliver everything it accepted");
		}
	}

}
