package io.github.vwopush.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

/**
 * An {@link ApplicationContextRunner}'s context held open on a thread of its own, so that a
 * test can start and close several at the points its schedule says: {@link #close()} lets
 * the runner close it (its lifecycle's stop, then destruction), as an instance shut down.
 */
final class RunningContext implements AutoCloseable {

	private final String name;

	private final CompletableFuture<ApplicationContext> started = new CompletableFuture<>();

	private final CountDownLatch release = new CountDownLatch(1);

	private final Thread thread;

	private volatile boolean closed;

	RunningContext(String name, ApplicationContextRunner runner) {
		this.name = name;
		this.thread = new Thread(() -> {
			try {
				runner.run((context) -> {
					if (context.getStartupFailure() != null) {
						this.started.completeExceptionally(context.getStartupFailure());
						return;
					}
					this.started.complete(context);
					this.release.await();
				});
			}
			catch (Throwable ex) {
				this.started.completeExceptionally(ex);
			}
		}, "context-" + name);
		this.thread.setDaemon(true);
		this.thread.start();
	}

	String name() {
		return this.name;
	}

	/** The started context; fails when it could not start. */
	ApplicationContext context() {
		try {
			return this.started.get(60, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(this.name + " did not start", ex);
		}
	}

	<T> T bean(Class<T> type) {
		return context().getBean(type);
	}

	boolean isClosed() {
		return this.closed;
	}

	/** Close the context and wait until it is closed; whether it closed within the time. */
	boolean close(Duration within) {
		this.closed = true;
		this.release.countDown();
		try {
			this.thread.join(within.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !this.thread.isAlive();
	}

	@Override
	public void close() {
		close(Duration.ofSeconds(30));
	}

}
