package io.github.vwopush.internal.delivery;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import org.jspecify.annotations.Nullable;

/**
 * What the test did and what it saw, as Jepsen records a history: every push call (which
 * engine, sync or async), every dimension it carried with a value unique to it, the sync
 * answer or the async outcome. The checker judges this history against what the collector
 * received. The history never holds the value instances handed to the engine (only
 * {@link WeakReference}s to them) nor the futures, so that it cannot hide what the engine
 * keeps on the heap.
 */
final class PushHistory {

	private final AtomicInteger nextId = new AtomicInteger();

	private final List<Call> calls = new ArrayList<>();

	/** Findings made while the scenario ran (as opposed to by the checker afterwards). */
	private final List<String> violations = new ArrayList<>();

	int nextId() {
		return this.nextId.incrementAndGet();
	}

	synchronized Call call(int engine, boolean async, List<Dim> dims) {
		Call call = new Call(engine, async, dims);
		this.calls.add(call);
		return call;
	}

	synchronized List<Call> calls() {
		return new ArrayList<>(this.calls);
	}

	synchronized void violation(String invariant, String detail) {
		this.violations.add(invariant + ": " + detail);
	}

	synchronized List<String> violations() {
		return new ArrayList<>(this.violations);
	}

	/** One push call. */
	static final class Call {

		final int engine;

		final boolean async;

		final List<Dim> dims;

		/** The async outcome, set by the future's callback; {@code null} while incomplete. */
		volatile @Nullable PushResult result;

		/** The future itself, held weakly: the engine must keep it reachable until it completes it. */
		@Nullable WeakReference<CompletableFuture<PushResult>> future;

		Call(int engine, boolean async, List<Dim> dims) {
			this.engine = engine;
			this.async = async;
			this.dims = dims;
		}

		/** Record the sync answer of a map push. */
		void answered(Map<String, Boolean> results) {
			for (Dim dim : this.dims) {
				dim.accepted = Boolean.TRUE.equals(results.get(dim.key));
			}
		}

		/** Follow an async push to its outcome without holding the future strongly. */
		void follow(CompletableFuture<PushResult> future) {
			this.future = new WeakReference<>(future);
			future.whenComplete((result, failure) -> {
				this.result = result;
				if (result != null) {
					for (Dim dim : this.dims) {
						DimensionResult outcome = result.get(dim.key);
						dim.reason = (outcome != null) ? outcome.reason() : null;
						// Completed when parked on disk during the run, not left there at shutdown.
						dim.parked = outcome != null && SpoolJournal.PARKED.equals(outcome.message());
						dim.accepted = outcome != null && outcome.reason() != PushReason.QUEUE_FULL;
					}
				}
			});
		}

		@Override
		public String toString() {
			return "call[engine " + this.engine + (this.async ? ", async" : "") + ", " + this.dims + "]";
		}

	}

	/** One dimension of a call: its user, key and the unique text its value has on the wire. */
	static final class Dim {

		final int id;

		final String user;

		final String key;

		/** The value's wire text, an equal copy: never the instance handed to the engine. */
		final String text;

		/** Whether the text names this push alone (booleans do not): only those take part in the order check. */
		final boolean unique;

		final boolean poison;

		/** The String instance handed to the engine, to see whether anything still holds it. */
		@Nullable WeakReference<String> handedOver;

		/** {@code true} when queued for delivery (sync answer, or an async outcome other than queue full). */
		volatile @Nullable Boolean accepted;

		/** The async outcome. */
		volatile @Nullable PushReason reason;

		/** Its future completed {@code SPOOLED} when it was parked, before its delivery. */
		volatile boolean parked;

		Dim(int id, String user, String key, String text, boolean unique, boolean poison) {
			this.id = id;
			this.user = user;
			this.key = key;
			this.text = text;
			this.unique = unique;
			this.poison = poison;
		}

		String pair() {
			return this.user + "/" + this.key;
		}

		@Override
		public String toString() {
			return this.user + "/" + this.key + "=" + this.text + ((this.reason != null) ? " (" + this.reason + ")" : "");
		}

	}

}
