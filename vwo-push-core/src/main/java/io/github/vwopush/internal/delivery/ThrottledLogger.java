package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

import io.github.vwopush.PushReason;
import org.slf4j.Logger;

/**
 * Logs at most one line per reason per interval and says how many it held back, so a
 * flood of bad input or a VWO outage cannot flood the log.
 */
final class ThrottledLogger {

	private final Logger logger;

	private final long intervalNanos;

	private final AtomicLongArray lastLoggedAt = new AtomicLongArray(PushReason.values().length);

	private final AtomicLongArray suppressed = new AtomicLongArray(PushReason.values().length);

	ThrottledLogger(Logger logger, Duration interval) {
		this.logger = logger;
		this.intervalNanos = interval.toNanos();
		long longAgo = System.nanoTime() - this.intervalNanos - 1;
		for (int i = 0; i < this.lastLoggedAt.length(); i++) {
			this.lastLoggedAt.set(i, longAgo);
		}
	}

	void warn(PushReason reason, int count, Supplier<String> message) {
		if (!this.logger.isWarnEnabled()) {
			return;
		}
		int slot = reason.ordinal();
		long now = System.nanoTime();
		long last = this.lastLoggedAt.get(slot);
		if (now - last < this.intervalNanos || !this.lastLoggedAt.compareAndSet(slot, last, now)) {
			this.suppressed.addAndGet(slot, count);
			return;
		}
		long held = this.suppressed.getAndSet(slot, 0);
		String tail = (held > 0) ? " (" + held + " more " + reason.outcome().tagValue() + " with reason "
				+ reason.tagValue() + " since the last report)" : "";
		this.logger.warn("VWO push {} [{}]: {}{}", reason.outcome().tagValue(), reason.tagValue(), message.get(), tail);
	}

}
