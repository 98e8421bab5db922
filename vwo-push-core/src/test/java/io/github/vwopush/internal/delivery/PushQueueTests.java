package io.github.vwopush.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The queue between callers and the sender, under concurrent offers: its count of waiting
 * dimensions never goes below zero, and the sender is never left asleep with pushes waiting.
 */
class PushQueueTests {

	private static final int PRODUCERS = 4;

	private static final int PUSHES_EACH = 20_000;

	@Test
	void aSenderThatWaitsOnlyForWakesIsNeverLeftAsleepWithPushesWaiting() throws Exception {
		PushQueue queue = new PushQueue(Integer.MAX_VALUE, Long.MAX_VALUE, 1_000_000);
		Semaphore wakes = new Semaphore(0);
		queue.onWork(wakes::release);
		CountDownLatch go = new CountDownLatch(1);
		List<Thread> producers = new ArrayList<>();
		for (int p = 0; p < PRODUCERS; p++) {
			Thread producer = new Thread(() -> {
				awaitQuietly(go);
				for (int i = 0; i < PUSHES_EACH; i++) {
					queue.offer(new QueuedPush("u", new String[] { "k" }, new String[] { "v" }, 0, 0, null));
				}
			});
			producer.start();
			producers.add(producer);
		}
		int lowestWaiting = 0;
		int missedWakes = 0;
		AtomicInteger taken = new AtomicInteger();
		go.countDown();
		while (taken.get() < PRODUCERS * PUSHES_EACH) {
			while (queue.poll() != null) {
				taken.incrementAndGet();
				lowestWaiting = Math.min(lowestWaiting, queue.size());
			}
			// As the sender does: with nothing to take, sleep until a push wakes it.
			if (taken.get() < PRODUCERS * PUSHES_EACH && queue.senderIdleIfEmpty()
					&& !wakes.tryAcquire(1, TimeUnit.SECONDS)) {
				if (queue.peek() != null) {
					missedWakes++;
				}
			}
		}
		for (Thread producer : producers) {
			producer.join();
		}
		assertThat(missedWakes).as("times the sender slept with pushes waiting").isZero();
		assertThat(lowestWaiting).as("dimensions waiting, as the sender saw them").isZero();
		assertThat(queue.size()).isZero();
	}

	private static void awaitQuietly(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
