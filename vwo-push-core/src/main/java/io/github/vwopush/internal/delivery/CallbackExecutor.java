package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Where {@code pushAsync} futures are completed, so that users' callbacks never run on the
 * sender thread: a slow callback cannot stall delivery, and a callback that waits for
 * another push's future cannot deadlock it.
 * <p>
 * A small {@link ForkJoinPool} of daemon threads named {@code vwo-push-callback-N}, created
 * on demand: a callback blocked in {@code CompletableFuture.get()} or {@code join()} is a
 * managed block, for which the pool adds a spare thread, so the future it waits for can
 * still be completed.
 */
final class CallbackExecutor implements Executor {

	private static final int PARALLELISM = 2;

	private final ForkJoinPool pool = new ForkJoinPool(PARALLELISM, CallbackExecutor::newThread, null, true);

	private static ForkJoinWorkerThread newThread(ForkJoinPool pool) {
		ForkJoinWorkerThread thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
		thread.setName("vwo-push-callback-" + thread.getPoolIndex());
		thread.setDaemon(true);
		return thread;
	}

	@Override
	public void execute(Runnable command) {
		try {
			this.pool.execute(command);
		}
		catch (RejectedExecutionException ex) {
			// Closed: only a sender that outlived shutdown gets here; a future must complete all the same.
			command.run();
		}
	}

	/**
	 * Run what was already handed over, then let the threads end.
	 * @param timeout how long to wait for callbacks that are still running
	 * @return {@code true} when every callback finished in time
	 */
	boolean close(Duration timeout) {
		this.pool.shutdown();
		try {
			return this.pool.awaitTermination(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

}
