package io.github.vwopush.internal.delivery;

import java.util.function.Predicate;

/**
 * The step that moves what callers queued to the {@link BatchAssembler}, and what happens to
 * a push on the way: in memory only ({@link MemoryJournal}), or written to the disk spool
 * first ({@link SpoolJournal}), parked there when memory is short and read back later.
 * Sender thread only, except the two gauges.
 */
interface Journal {

	/**
	 * Move everything queued to the assembler (a push the spool cannot take is settled instead).
	 */
	void take(PushQueue queue, BatchAssembler staged, Settlement settlement);

	/**
	 * When the next {@link #take} is due, as a {@link System#nanoTime()} value; the journal
	 * runs at least this often while anything waits in the queue.
	 * @param nowNanos the current {@link System#nanoTime()}, returned when it is due now
	 */
	long nextTakeNanos(PushQueue queue, long nowNanos);

	/**
	 * Bring parked pushes back to the assembler, as far as memory allows.
	 * @param vwoAnswers whether VWO currently answers (no failure streak)
	 */
	void readBack(BatchAssembler staged, PushQueue queue, boolean vwoAnswers);

	/**
	 * Bring back one parked push, within the memory window, for a
	 * failed request's probe when nothing in memory can be one.
	 * @return {@code true} when one came back
	 */
	default boolean readBackForProbe(BatchAssembler staged, PushQueue queue, Predicate<UserKey> held) {
		return false;
	}

	/** Whether pushes wait on disk that {@link #readBackForProbe} could bring back now. */
	default boolean hasParked() {
		return false;
	}

	/**
	 * Whether {@link #readBack} has something to do.
	 * @param vwoAnswers whether VWO currently answers (no failure streak)
	 */
	boolean canReadBack(BatchAssembler staged, PushQueue queue, boolean vwoAnswers);

	/**
	 * Whether read-back failed and waits to be tried again, at {@link #readBackRetryAtNanos()}.
	 * @param nowNanos the current {@link System#nanoTime()}
	 * @param vwoAnswers whether VWO currently answers (no failure streak)
	 */
	boolean awaitsReadBackRetry(long nowNanos, boolean vwoAnswers);

	/** When a failed read-back may be tried again, as a {@link System#nanoTime()} value. */
	long readBackRetryAtNanos();

	/** The push has its final outcome: it need not survive a restart. */
	void acknowledge(QueuedPush push);

	/** Whether the push survives shutdown (it is on disk). */
	boolean keeps(QueuedPush push);

	/** Whether a retryable failure is retried until VWO answers rather than given up after the retry budget. */
	boolean retriesUntilDelivered();

	/** Dimensions on disk only (a gauge; any thread). */
	long parkedDimensions();

	/** Bytes on disk (a gauge; any thread). */
	long sizeBytes();

	/**
	 * The sender ends: what is parked stays for the next start (counted and its futures completed as spooled).
	 * @return the dimensions left parked
	 */
	long close(Settlement settlement);

	/**
	 * The process is gone (a test's crash): release the disk as a killed process would,
	 * settling, acknowledging and writing nothing.
	 */
	default void abandon() {
	}

}
