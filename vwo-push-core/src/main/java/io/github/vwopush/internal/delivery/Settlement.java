package io.github.vwopush.internal.delivery;

import java.util.List;
import java.util.concurrent.Executor;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives dimensions their final outcome, each exactly once: counted, their room in the queue
 * freed, their spool record acknowledged, their user keys released and, last, their
 * {@code pushAsync} future completed. Sender thread only.
 */
final class Settlement {

	private static final Logger logger = LoggerFactory.getLogger(PushSender.class);

	static final String KEPT_IN_SPOOL = "kept in the spool at shutdown; the next start delivers it";

	private final PushQueue queue;

	private final DeliveryListener listener;

	private final Journal journal;

	private final HeldKeys held;

	private final RetryPolicy retryPolicy;

	/** Completes {@code pushAsync} futures, so that no user callback runs on the sender thread. */
	private final Executor callbacks;

	private final ThrottledLogger failureLog;

	Settlement(PushQueue queue, DeliveryListener listener, Journal journal, HeldKeys held, RetryPolicy retryPolicy,
			Executor callbacks, ThrottledLogger failureLog) {
		this.queue = queue;
		this.listener = listener;
		this.journal = journal;
		this.held = held;
		this.retryPolicy = retryPolicy;
		this.callbacks = callbacks;
		this.failureLog = failureLog;
	}

	void finish(List<Slice> slices, PushReason reason, String message) {
		for (Slice slice : slices) {
			finish(slice, reason, message);
		}
	}

	void finish(Slice slice, PushReason reason, String message) {
		if (slice.finished) {
			return;
		}
		slice.finished = true;
		this.listener.dimensionsFinished(reason, slice.size());
		QueuedPush push = slice.push;
		push.unsettled -= slice.size();
		push.keptInSpool |= reason == PushReason.SPOOLED;
		boolean lastOfPush = push.unsettled == 0;
		this.queue.release(slice.size(), lastOfPush ? push.estimatedBytes : 0);
		if (lastOfPush) {
			this.held.release(push);
			if (!push.keptInSpool) {
				this.journal.acknowledge(push);
			}
		}
		// Last: the outcome is fully settled (counted, released, acknowledged) before anyone hears of it.
		complete(slice.push, slice.from, slice.to, reason, message);
	}

	/** Complete the {@code pushAsync} future of dimensions settled elsewhere (parked on disk at shutdown). */
	void complete(QueuedPush push, int from, int to, PushReason reason, String message) {
		PushCompletion completion = push.completion;
		if (completion != null) {
			for (int i = from; i < to; i++) {
				completion.finish(i, new DimensionResult(push.keys[i], reason, message), this.callbacks);
			}
		}
	}

	/** Dimensions parked on disk at shutdown: they stay for the next start. */
	void countSpooled(long dimensions) {
		this.listener.dimensionsFinished(PushReason.SPOOLED, (int) Math.min(Integer.MAX_VALUE, dimensions));
	}

	/** A final failure, logged at most once per reason per logging interval. */
	void fail(List<Slice> slices, HttpResult result, String message) {
		fail(slices, this.retryPolicy.failureReason(result), message);
	}

	/** A final failure for a reason of the engine's own, logged like the others. */
	void fail(List<Slice> slices, PushReason reason, String message) {
		int count = Slice.count(slices);
		this.failureLog.warn(reason, count, () -> count + " dimension(s) not delivered: " + message);
		finish(slices, reason, message);
	}

	/** The request could not be built or sent: a bug, not VWO's answer. */
	void internalError(List<Slice> slices, RuntimeException ex) {
		logger.error("Unexpected error while sending to VWO", ex);
		finish(slices, PushReason.INTERNAL_ERROR, "unexpected error: " + ex.getClass().getSimpleName());
	}

	/**
	 * Shutdown's deadline passed: spooled dimensions stay on disk for the next start, the others are dropped.
	 * @return {@code true} when it stays in the spool
	 */
	boolean leaveAtShutdown(Slice slice) {
		if (slice.finished) {
			return false;
		}
		boolean kept = this.journal.keeps(slice.push);
		if (kept) {
			finish(slice, PushReason.SPOOLED, KEPT_IN_SPOOL);
		}
		else {
			finish(slice, PushReason.SHUTDOWN, "dropped at shutdown: not delivered within vwo.shutdown.timeout");
		}
		return kept;
	}

}
