package io.github.vwopush.delivery;

import java.util.concurrent.CountDownLatch;

/**
 * A mark in the queue: released once everything queued before it has its final outcome.
 */
final class FlushBarrier implements QueueItem {

	final CountDownLatch released = new CountDownLatch(1);

	void release() {
		this.released.countDown();
	}

}
