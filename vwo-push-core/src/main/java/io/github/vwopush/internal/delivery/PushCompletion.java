package io.github.vwopush.internal.delivery;

import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushResult;

/**
 * Collects the per-key results of one {@code pushAsync} call and completes its future
 * when the last one arrives.
 */
final class PushCompletion {

	final CompletableFuture<PushResult> future = new CompletableFuture<>();

	private final DimensionResult[] results;

	/** For each queued dimension, its position in {@link #results}. */
	private final int[] slots;

	private final AtomicInteger remaining;

	PushCompletion(DimensionResult[] resultsWithRejections, int[] slots) {
		this.results = resultsWithRejections;
		this.slots = slots;
		this.remaining = new AtomicInteger(slots.length);
		if (slots.length == 0) {
			this.future.complete(new PushResult(Arrays.asList(this.results)));
		}
	}

	/**
	 * Record one dimension's result; the last one completes the future on {@code completer}.
	 * Completing a future runs its dependent stages (users' callbacks) on the completing
	 * thread, so the sender passes an executor of its own and never runs user code.
	 * @param queuedIndex the dimension's index in the queued push
	 * @param result its final result
	 * @param completer where to complete the future
	 */
	void finish(int queuedIndex, DimensionResult result, Executor completer) {
		this.results[this.slots[queuedIndex]] = result;
		if (this.remaining.decrementAndGet() == 0) {
			PushResult all = new PushResult(Arrays.asList(this.results));
			completer.execute(() -> this.future.complete(all));
		}
	}

}
