package io.github.vwopush.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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
 * Delivered throughput through the Kafka outbox and relay: the time from the first
 * {@code push()} of {@code dimensions} on an outbox instance until the loopback collector
 * (VWO, over TLS on 127.0.0.1:443, answering each push request after {@code delayMillis})
 * has acknowledged every one of them from the relay. The producer instance, the relay
 * instance and the broker are in this JVM, on their defaults as a fleet member has them;
 * only the producer's queue is made large enough to hold the workload. Compare with
 * {@link DeliveredThroughputBenchmark}'s {@code starter}, the same workload straight to VWO.
 * Run from the repository root, as root (port 443).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = { "-Xms2g", "-Xmx2g", "-Djdk.net.hosts.file=benchmarks/hosts" })
public class KafkaFleetBenchmark {

	private static final Duration DEADLINE = Duration.ofMinutes(5);

	/** More of the relay's properties, comma-separated, to compare settings: {@code -Dvwo.bench.relay=...}. */
	private static final String[] RELAY_PROPERTIES = System.getProperty("vwo.bench.relay", "").isEmpty() ? new String[0]
			: System.getProperty("vwo.bench.relay").split(",");

	@Param({ "100000" })
	public int dimensions;

	@Param({ "50" })
	public int delayMillis;

	private KafkaBroker broker;

	private LoopbackCollector collector;

	private ConfigurableApplicationContext producer;

	private ConfigurableApplicationContext relay;

	private VwoPushEngine outbox;

	private int invocation;

	private long events;

	private final List<Long> handedOffMillis = new ArrayList<>();

	private final List<Long> requests = new ArrayList<>();

	private int maxInFlight;

	@Setup(Level.Trial)
	public void start() throws Exception {
		this.broker = KafkaBroker.start();
		this.collector = LoopbackCollector.httpsAsVwo(Duration.ofMillis(this.delayMillis));
		this.relay = StarterContext.start(StarterContext.Application.class, this.broker.member("relay", RELAY_PROPERTIES));
		this.producer = StarterContext.start(StarterContext.Application.class,
				this.broker.member("producer", "vwo.queue.capacity=1000000", "vwo.queue.max-size=1GB"));
		this.outbox = StarterContext.service(this.producer);
	}

	@Setup(Level.Invocation)
	public void resetCollector() {
		this.collector.reset();
	}

	@Benchmark
	public long throughTheRelay() throws InterruptedException {
		// Users of their own each invocation: VWO sees every dimension once, and the collector counts them.
		String prefix = "user-" + this.invocation++ + "-";
		long start = System.nanoTime();
		for (int i = 0; i < this.dimensions; i++) {
			this.outbox.push("plan", "gold", prefix + i);
		}
		// The relay works meanwhile: this only marks when the outbox had handed everything to Kafka.
		this.outbox.flush(DEADLINE);
		this.handedOffMillis.add((System.nanoTime() - start) / 1_000_000);
		if (!this.collector.awaitEvents(this.dimensions, DEADLINE)) {
			throw new IllegalStateException("The collector acknowledged " + this.collector.events() + " of "
					+ this.dimensions + " dimensions in " + DEADLINE.toMinutes() + " minutes");
		}
		return this.collector.events();
	}

	@TearDown(Level.Invocation)
	public void countEvents() {
		this.events += this.collector.events();
		this.requests.add(this.collector.pushRequests());
		this.maxInFlight = Math.max(this.maxInFlight, this.collector.maxInFlight());
	}

	@TearDown(Level.Trial)
	public void stop(BenchmarkParams params) {
		long handedOff = this.outbox.state().count(PushReason.OUTBOX);
		long accepted = this.outbox.state().accepted();
		System.out.printf("%n%s delayMillis=%d dimensions=%d: %d accepted, %d handed to Kafka, %d events at VWO"
				+ " (%d more than accepted: the relay's duplicates)%n", params.getBenchmark(), this.delayMillis,
				this.dimensions, accepted, handedOff, this.events, this.events - accepted);
		System.out.printf("%s: all handed to Kafka after %s ms; %s push requests to VWO; at most %d in flight%n",
				params.getBenchmark(), this.handedOffMillis, this.requests, this.maxInFlight);
		this.producer.close();
		this.relay.close();
		this.collector.close();
		this.broker.close();
		if (handedOff != accepted) {
			throw new IllegalStateException("The outbox did not hand to Kafka everything it accepted");
		}
	}

}
