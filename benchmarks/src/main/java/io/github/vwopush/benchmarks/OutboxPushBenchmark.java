package io.github.vwopush.benchmarks;

import java.time.Duration;
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
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Caller-thread cost of {@code push()} with the Kafka outbox on ({@code vwo.kafka.role=producer}):
 * what {@link PushBenchmark} measures, while the engine's sender hands the batches to a real
 * broker in this JVM instead of sending them to VWO. Every iteration starts with an empty
 * queue; the tear-down checks that nothing was dropped.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class OutboxPushBenchmark {

	private static final int USERS = 1024;

	private final String[] users = new String[USERS];

	private final String[] values = new String[USERS];

	private KafkaBroker broker;

	private ConfigurableApplicationContext context;

	private VwoPushEngine service;

	private int next;

	@Setup(Level.Trial)
	public void start() {
		for (int i = 0; i < USERS; i++) {
			this.users[i] = "user-" + i;
			this.values[i] = "plan-" + (i % 7);
		}
		this.broker = KafkaBroker.start();
		this.context = StarterContext.start(StarterContext.Application.class,
				this.broker.member("producer", "vwo.queue.capacity=4000000", "vwo.queue.max-size=1500MB"));
		this.service = StarterContext.service(this.context);
	}

	@Setup(Level.Iteration)
	public void emptyQueue() {
		this.service.flush(Duration.ofMinutes(2));
	}

	@Benchmark
	public boolean push() {
		int i = this.next++ & (USERS - 1);
		return this.service.push("plan", this.values[i], this.users[i]);
	}

	@TearDown(Level.Trial)
	public void stop() {
		long dropped = this.service.state().count(PushReason.QUEUE_FULL);
		this.context.close();
		this.broker.close();
		if (dropped > 0) {
			throw new IllegalStateException(dropped + " pushes were dropped: the drop path was measured too");
		}
	}

}
