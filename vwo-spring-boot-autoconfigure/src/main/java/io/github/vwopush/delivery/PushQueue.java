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

	private final int batchSize;

	private volatile Runnable wakeSender = () -> {
	};

	private volatile boolean closed;

	PushQueue(int capacity, int batchSize) {
		this.capacity = capacity;
		this.batchSize = batchSize;
	}

	/**
	 * What to call when the sender has new work: the queue stopped being empty (it must
	 * start the linger clock) or a full batch is ready.
	 */
	void onWork(Runnable wakeSender) {
		this.wakeSender = wakeSender;
	}

	Offer offer(QueuedPush push) {
		if (this.closed) {
			return Offer.CLOSED;
		}
		int size = push.size();
		int after = this.dimensions.addAndGet(size);
		if (after > this.capacity) {
			this.dimensions.addAndGet(-size);
			return Offer.FULL;
		}
		this.items.offer(push);
		// close() may have raced with us: whoever removes the push from the queue accounts for it.
		if (this.closed && this.items.remove(push)) {
			this.dimensions.addAndGet(-size);
			return Offer.CLOSED;
		}
		// One producer sees each transition, so the sender is woken about once per batch, not per push.
		if (after == size || (after >= this.batchSize && after - size < this.batchSize)) {
			this.wakeSender.run();
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
