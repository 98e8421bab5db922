package io.github.vwopush.internal.delivery;

import java.util.concurrent.CountDownLatch;

/**
 * A mark in the queue: released once everything queued before it has its final outcome.
 */
final class FlushBarrier implements QueueItem {

	final CountDownLatch released = new CountDownLatch(1);

	/** The last request sent before it reached the front (sender thread only). */
	long afterShipment;

	void release() {
		this.released.countDown();
	}

}
