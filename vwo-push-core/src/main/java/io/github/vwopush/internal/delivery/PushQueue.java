package io.github.vwopush.internal.delivery;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

/**
 * The bounded, lock-free queue between callers and the sender. Its limits count every
 * accepted dimension until its final outcome (waiting here or in flight in the sender), in
 * dimensions and in estimated bytes, so nothing is held beyond them. Offering never blocks:
 * when the queue is full or closed the offer fails at once and the caller counts the drop.
 */
final class PushQueue {

	enum Offer {

		ACCEPTED, FULL, CLOSED

	}

	private final ConcurrentLinkedQueue<QueueItem> items = new ConcurrentLinkedQueue<>();

	/** Dimensions accepted and not yet final: the capacity's measure. */
	private final AtomicInteger dimensions = new AtomicInteger();

	/** Dimensions waiting to be taken by the sender. */
	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger barriers = new AtomicInteger();

	/** Set by the sender before it sleeps on an empty queue: the next offer must wake it. */
	private final AtomicBoolean senderIdle = new AtomicBoolean();

	private final AtomicLong bytes = new AtomicLong();

	private final int capacity;

	private final long maxBytes;

	private final int batchSize;

	private final RacePoints races;

	private volatile Runnable wakeSender = () -> {
	};

	private volatile boolean closed;

	PushQueue(int capacity, long maxBytes, int batchSize) {
		this(capacity, maxBytes, batchSize, RacePoints.NONE);
	}

	PushQueue(int capacity, long maxBytes, int batchSize, RacePoints races) {
		this.capacity = capacity;
		this.maxBytes = maxBytes;
		this.batchSize = batchSize;
		this.races = races;
	}

	/**
	 * What to call when the sender has new work: a push arrived while it slept on an empty
	 * queue (it must start the linger clock), or a full batch is ready.
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
		long afterBytes = this.bytes.addAndGet(push.estimatedBytes);
		if (after > this.capacity || afterBytes > this.maxBytes) {
			release(push);
			return Offer.FULL;
		}
		// Counted before it is visible to the sender, whose poll subtracts it: counted after, the
		// count could go below zero and two pushes could both miss the step that wakes the sender.
		int nowWaiting = this.waiting.addAndGet(size);
		this.items.offer(push);
		this.races.reached(RacePoints.Point.PUSH_VISIBLE);
		// close() may have raced with us: whoever removes the push from the queue accounts for it.
		if (this.closed && this.items.remove(push)) {
			this.waiting.addAndGet(-size);
			release(push);
			return Offer.CLOSED;
		}
		// Woken only now that the push is there to be taken: when it sleeps on an empty queue (one
		// producer wins the flag), or when a full batch is ready (one producer sees that step), so
		// most pushes do not signal it at all.
		boolean fullBatch = nowWaiting >= this.batchSize && nowWaiting - size < this.batchSize;
		if ((this.senderIdle.get() && this.senderIdle.compareAndSet(true, false)) || fullBatch) {
			this.wakeSender.run();
		}
		return Offer.ACCEPTED;
	}

	/**
	 * Queue a flush barrier behind everything queued so far.
	 * @return {@code false} when the queue is closed: the sender may already have taken its
	 * last item, so nobody would release the barrier
	 */
	boolean offer(FlushBarrier barrier) {
		if (this.closed) {
			return false;
		}
		this.barriers.incrementAndGet();
		this.items.offer(barrier);
		// Like a push: if close() raced with us and the barrier is still here, nobody will take it.
		if (this.closed && this.items.remove(barrier)) {
			this.barriers.decrementAndGet();
			return false;
		}
		return true;
	}

	/**
	 * The sender is about to sleep: from now on the next offer wakes it. Its flag is set
	 * before the queue is looked at and an offer looks at the flag after adding its push, so
	 * that of a push and a sleeping sender at least one always sees the other.
	 * @return {@code true} when nothing waits here, so the sender may sleep until woken
	 */
	boolean senderIdleIfEmpty() {
		this.senderIdle.set(true);
		if (this.items.peek() != null) {
			this.senderIdle.set(false);
			return false;
		}
		return true;
	}

	@Nullable QueueItem peek() {
		return this.items.peek();
	}

	/** The oldest push waiting here, skipping flush barriers; safe from any thread. */
	@Nullable QueuedPush peekPush() {
		for (QueueItem item : this.items) {
			if (item instanceof QueuedPush push) {
				return push;
			}
		}
		return null;
	}

	@Nullable QueueItem poll() {
		QueueItem item = this.items.poll();
		if (item instanceof QueuedPush push) {
			this.waiting.addAndGet(-push.size());
		}
		else if (item instanceof FlushBarrier) {
			this.barriers.decrementAndGet();
		}
		return item;
	}

	private void release(QueuedPush push) {
		this.dimensions.addAndGet(-push.size());
		this.bytes.addAndGet(-push.estimatedBytes);
	}

	/**
	 * Dimensions of a taken push reached their final outcome: free their room.
	 * @param dimensions how many
	 * @param bytes the push's estimated bytes when these were its last dimensions, else 0
	 */
	void release(int dimensions, long bytes) {
		this.dimensions.addAndGet(-dimensions);
		this.bytes.addAndGet(-bytes);
	}

	/** A push read back from the disk spool joins what is held, without waiting in the queue. */
	void reserve(int dimensions, long bytes) {
		this.dimensions.addAndGet(dimensions);
		this.bytes.addAndGet(bytes);
	}

	/** Approximate heap held by accepted, not yet final pushes. */
	long bytes() {
		return this.bytes.get();
	}

	/** Dimensions accepted and not yet final (waiting or in flight). */
	int held() {
		return this.dimensions.get();
	}

	long maxBytes() {
		return this.maxBytes;
	}

	/** Dimensions waiting for the sender. */
	int size() {
		return this.waiting.get();
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
