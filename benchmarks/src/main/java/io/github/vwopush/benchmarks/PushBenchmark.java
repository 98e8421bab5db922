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
 * Caller-thread cost of {@code push()}: validation, counting, enqueueing. The real sender
 * drains the queue to a loopback collector meanwhile, and every iteration starts with an
 * empty queue, so what is measured is the accept path (the tear-down checks nothing was
 * dropped). Run with {@code -t 1} and {@code -t 2}, {@code -bm avgt} and {@code -bm sample},
 * and {@code -prof gc} for allocation per call.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 10, time = 200, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 3, jvmArgsAppend = { "-Xms2g", "-Xmx2g" })
public class PushBenchmark {

	private static final int USERS = 1024;

	private final String[] users = new String[USERS];

	private final String[] values = new String[USERS];

	private LoopbackCollector collector;

	private ConfigurableApplicationContext context;

	private VwoPushEngine service;

	@Setup(Level.Trial)
	public void start() throws Exception {
		for (int i = 0; i < USERS; i++) {
			this.users[i] = "user-" + i;
			this.values[i] = "plan-" + (i % 7);
		}
		this.collector = LoopbackCollector.http();
		this.context = StarterContext.startAgainst(StarterContext.Application.class, this.collector);
		this.service = StarterContext.service(this.context);
	}

	@Setup(Level.Iteration)
	public void emptyQueue() {
		this.service.flush(Duration.ofMinutes(2));
	}

	@Benchmark
	public boolean push(ThreadCursor cursor) {
		int i = cursor.next() & (USERS - 1);
		return this.service.push("plan", this.values[i], this.users[i]);
	}

	@TearDown(Level.Trial)
	public void stop() {
		long dropped = this.service.state().count(PushReason.QUEUE_FULL);
		this.context.close();
		this.collector.close();
		if (dropped > 0) {
			throw new IllegalStateException(dropped + " pushes were dropped: the drop path was measured too");
		}
	}

	@State(Scope.Thread)
	public static class ThreadCursor {

		private int next = (int) (Math.random() * USERS);

		int next() {
			return this.next++;
		}

	}

}
