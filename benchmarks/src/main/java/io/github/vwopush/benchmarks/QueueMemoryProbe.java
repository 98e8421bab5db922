package io.github.vwopush.benchmarks;

import java.lang.management.ManagementFactory;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoPushEngine;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Bytes the caller's thread allocates per {@code push()}, heap retained per queued
 * dimension, and the heap with the collector down while ten times the queue's capacity is
 * pushed. Not a JMH benchmark: it counts bytes, not time.
 * {@code java -cp benchmarks/target/benchmarks.jar io.github.vwopush.benchmarks.QueueMemoryProbe}
 */
public final class QueueMemoryProbe {

	private QueueMemoryProbe() {
	}

	public static void main(String[] args) throws Exception {
		int capacity = 100_000;
		// Nothing listens on port 9: VWO is down, and every dimension stays queued.
		ConfigurableApplicationContext context = StarterContext.start(StarterContext.Application.class,
				"vwo.base-url=http://127.0.0.1:9", "vwo.queue.capacity=" + capacity, "vwo.retry.max-attempts=1000000",
				"vwo.retry.initial-backoff=1m", "vwo.retry.max-backoff=1m", "vwo.shutdown.timeout=0s",
				"vwo.batch.max-events=5000");
		VwoPushEngine service = StarterContext.service(context);
		String[] users = new String[capacity];
		for (int i = 0; i < capacity; i++) {
			users[i] = "user-" + i;
		}
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
		long threadId = Thread.currentThread().getId();
		long before = usedHeap();
		long allocatedBefore = threads.getThreadAllocatedBytes(threadId);
		for (int i = 0; i < capacity; i++) {
			service.push("plan", "gold", users[i]);
		}
		long allocated = threads.getThreadAllocatedBytes(threadId) - allocatedBefore;
		long full = usedHeap();
		System.out.printf("caller thread allocated %,d bytes for %,d push() calls: %.1f bytes per call%n", allocated,
				capacity, allocated / (double) capacity);
		System.out.printf("queued %,d dimensions; retained heap %,d bytes, %.1f bytes per dimension "
				+ "(the strings excluded: they belong to the caller)%n", service.state().pending(), full - before,
				(full - before) / (double) service.state().pending());
		for (int i = 0; i < 10 * capacity; i++) {
			service.push("plan", "gold", users[i % capacity]);
		}
		long after = usedHeap();
		System.out.printf("after pushing %,d more with VWO down: pending %,d, dropped queue_full %,d, heap %,d bytes "
				+ "(%+,d since full)%n", 10 * capacity, service.state().pending(),
				service.state().count(PushReason.QUEUE_FULL), after - before, after - full);
		context.close();
	}

	private static long usedHeap() throws InterruptedException {
		for (int i = 0; i < 4; i++) {
			System.gc();
			Thread.sleep(100);
		}
		return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
	}

}
