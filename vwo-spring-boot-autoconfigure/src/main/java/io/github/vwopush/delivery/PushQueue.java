package io.github.vwopush.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * The bounded, lock-free queue between callers and the sender. Its capacity counts
 * dimensions, not calls. Offering never blocks: when the queue is full or closed the offer
 * fails at once and the caller counts the drop.
 */
final class PushQueue {

	enum Offer {

		ACCEPTED, FULL, CLOSED

	}

	private final ConcurrentLinkedQueue<QueueItem> items = new ConcurrentLinkedQueue<>();

	private final AtomicInteger dimensions = new AtomicInteger();

	private final AtomicInteger barriers = new AtomicInteger();

	private final int capacity;

	private volatile boolean closed;

	PushQueue(int capacity) {
		this.capacity = capacity;
	}

	Offer offer(QueuedPush push) {
		if (this.closed) {
			return Offer.CLOSED;
		}
		int size = push.size();
		if (this.dimensions.addAndGet(size) > this.capacity) {
			this.dimensions.addAndGet(-size);
			return Offer.FULL;
		}
		this.items.offer(push);
		// close() may have raced with us: whoever removes the push from the queue accounts for it.
		if (this.closed && this.items.remove(push)) {
			this.dimensions.addAndGet(-size);
			return Offer.CLOSED;
		}
		return Offer.ACCEPTED;
	}

	void offer(FlushBarrier barrier) {
		this.barriers.incrementAndGet();
		this.items.offer(barrier);
	}

	@Nullable QueueItem peek() {
		return this.items.peek();
	}

	@Nullable QueueItem poll() {
		QueueItem item = this.items.poll();
		if (item instanceof QueuedPush push) {
			this.dimensions.addAndGet(-push.size());
		}
		else if (item instanceof FlushBarrier) {
			this.barriers.decrementAndGet();
		}
		return item;
	}

	/** Dimensions waiting. */
	int size() {
		return this.dimensions.get();
	}

	boolean hasBarrier() {
		return this.barriers.get() > 0;
	}

	int capacity() {
		return this.capacity;
	}

	void close() {
		this.closed = true;
	}

	boolean isClosed() {
		return this.closed;
	}

}
