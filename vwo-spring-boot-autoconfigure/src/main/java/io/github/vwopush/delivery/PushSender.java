package io.github.vwopush.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.http.HttpResult;
import io.github.vwopush.http.VwoHttpClient;
import io.github.vwopush.protocol.PushEvent;
import io.github.vwopush.protocol.PushWireFormat;
import io.github.vwopush.protocol.Transport;
import io.github.vwopush.protocol.VisitorUuid;
import io.github.vwopush.protocol.WireRequest;
import io.github.vwopush.settings.SettingsRefresher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread that talks to VWO. It takes batches from the queue (by count,
 * or when the oldest has lingered long enough), sends one request at a time and retries it
 * per the {@link RetryPolicy}. Because only one request is ever in flight, an outage costs
 * VWO one probe per backoff period, never a storm, and queue order is kept.
 */
final class PushSender implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(PushSender.class);

	private static final Duration NORMAL_MAX_WAIT = Duration.ofMinutes(5);

	private final PushQueue queue;

	private final DeliveryConfig config;

	private final PushWireFormat wire;

	private final VwoHttpClient http;

	private final SettingsRefresher settings;

	private final RetryPolicy retryPolicy;

	private final VisitorUuid visitorUuid;

	private final DeliveryListener listener;

	private final ThrottledLogger failureLog;

	private volatile @Nullable Thread thread;

	private volatile boolean stopping;

	/** Set once the application has started; until then the settings file is fetched only when there is work. */
	private volatile boolean applicationReady;

	private volatile long stopDeadlineNanos;

	/** The part of a push that did not fit in the previous batch. Sender thread only. */
	private @Nullable Slice carry;

	/** Failures since the last success; shared by all requests so an outage is probed, not hammered. */
	private int consecutiveFailures;

	private long notBeforeNanos;

	/** Every slice of the batch being sent, split parts included, so an unexpected error can finish them all once. */
	private List<Slice> currentBatch = new ArrayList<>();

	PushSender(PushQueue queue, DeliveryConfig config, PushWireFormat wire, VwoHttpClient http,
			SettingsRefresher settings, RetryPolicy retryPolicy, VisitorUuid visitorUuid, DeliveryListener listener) {
		this.queue = queue;
		this.config = config;
		this.wire = wire;
		this.http = http;
		this.settings = settings;
		this.retryPolicy = retryPolicy;
		this.visitorUuid = visitorUuid;
		this.listener = listener;
		this.failureLog = new ThrottledLogger(logger, config.logInterval());
	}

	void start() {
		Thread sender = new Thread(this, "vwo-push-sender");
		sender.setDaemon(true);
		this.thread = sender;
		sender.start();
	}

	/** The application is up: fetch the settings file now rather than waiting for the first push. */
	void applicationReady() {
		this.applicationReady = true;
		wake();
	}

	void wake() {
		Thread sender = this.thread;
		if (sender != null) {
			LockSupport.unpark(sender);
		}
	}

	/**
	 * Deliver what is queued within the timeout, then stop; the rest is dropped.
	 * @return {@code true} when the thread ended in time
	 */
	boolean stop(Duration timeout) {
		this.stopDeadlineNanos = System.nanoTime() + timeout.toNanos();
		this.stopping = true;
		Thread sender = this.thread;
		if (sender == null) {
			drainAsDropped();
			return true;
		}
		LockSupport.unpark(sender);
		try {
			sender.join(timeout.plusSeconds(2).toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return !sender.isAlive();
	}

	@Override
	public void run() {
		try {
			while (!this.stopping) {
				if (awaitWork()) {
					sendOneBatch();
				}
			}
			while (remainingNanos() > 0 && (this.carry != null || this.queue.peek() != null)) {
				sendOneBatch();
			}
		}
		catch (Throwable ex) {
			logger.error("VWO push sender stopped unexpectedly; queued dimensions are dropped", ex);
		}
		finally {
			drainAsDropped();
		}
	}

	/** Park until a batch is due. */
	private boolean awaitWork() {
		while (!this.stopping) {
			long now = System.currentTimeMillis();
			boolean hasWork = this.carry != null || this.queue.peek() != null;
			if (now >= this.settings.nextFetchAtMillis() && (this.applicationReady || hasWork)) {
				// Before the first batch too, so that it already goes to the right data-residency prefix.
				this.settings.refreshIfDue(now, NORMAL_MAX_WAIT);
				continue;
			}
			if (this.carry != null || this.queue.size() >= this.config.maxEvents() || this.queue.hasBarrier()) {
				return true;
			}
			// A fetch that is due but waits for the application (or for work) must not make this loop spin.
			long fetchAt = this.settings.nextFetchAtMillis();
			long wakeAt = (fetchAt > now) ? Math.min(fetchAt, now + 60_000) : now + 60_000;
			if (this.queue.peek() instanceof QueuedPush oldest) {
				long due = oldest.acceptedAtMillis + this.config.linger().toMillis();
				if (now >= due) {
					return true;
				}
				wakeAt = Math.min(wakeAt, due);
			}
			LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(Math.max(1, wakeAt - now)));
		}
		return false;
	}

	private void sendOneBatch() {
		List<FlushBarrier> barriers = new ArrayList<>(1);
		List<Slice> batch = takeBatch(barriers);
		this.currentBatch = batch;
		try {
			deliver(List.copyOf(batch));
		}
		catch (RuntimeException ex) {
			logger.error("Unexpected error while sending to VWO", ex);
			for (Slice slice : batch) {
				if (!slice.finished) {
					finish(slice, PushReason.INTERNAL_ERROR, "unexpected error: " + ex.getClass().getSimpleName());
				}
			}
		}
		finally {
			barriers.forEach(FlushBarrier::release);
		}
	}

	/** Up to max-events dimensions; a flush barrier ends the batch so that it can be released after it. */
	private List<Slice> takeBatch(List<FlushBarrier> barriers) {
		List<Slice> batch = new ArrayList<>();
		int room = this.config.maxEvents();
		Slice carried = this.carry;
		if (carried != null) {
			this.carry = null;
			room -= take(carried.push, carried.from, room, batch);
		}
		while (room > 0) {
			QueueItem item = this.queue.poll();
			if (item == null) {
				break;
			}
			if (item instanceof FlushBarrier barrier) {
				barriers.add(barrier);
				break;
			}
			QueuedPush push = (QueuedPush) item;
			room -= take(push, 0, room, batch);
		}
		return batch;
	}

	private int take(QueuedPush push, int from, int room, List<Slice> batch) {
		int to = Math.min(push.size(), from + room);
		batch.add(new Slice(push, from, to));
		if (to < push.size()) {
			this.carry = new Slice(push, to, push.size());
		}
		return to - from;
	}

	private void deliver(List<Slice> batch) {
		switch (this.config.transport()) {
			case BATCH -> {
				if (!batch.isEmpty()) {
					send(batch);
				}
			}
			case EVENT_ARCH -> batch.forEach((slice) -> send(List.of(slice)));
			case LEGACY -> {
				for (Slice slice : batch) {
					List<Slice> singles = singles(List.of(slice));
					singles.forEach((single) -> send(List.of(single)));
				}
			}
		}
	}

	/** Send one request's worth of dimensions until it has a final outcome. */
	private void send(List<Slice> unit) {
		int attempts = 0;
		while (true) {
			if (!waitForBackoff()) {
				finish(unit, PushReason.SHUTDOWN, "not delivered before vwo.shutdown.timeout ran out");
				return;
			}
			WireRequest request = buildRequest(unit);
			HttpResult result = this.http.exchange(request, maxWait());
			attempts++;
			this.listener.requestCompleted(this.config.transport(), result, count(unit));
			if (result.isSuccess()) {
				this.consecutiveFailures = 0;
				this.notBeforeNanos = 0;
				finish(unit, PushReason.DELIVERED, "VWO answered HTTP " + result.status());
				return;
			}
			if (result.status() == 413 && this.config.transport() == Transport.BATCH && count(unit) > 1) {
				List<List<Slice>> halves = split(unit);
				send(halves.get(0));
				send(halves.get(1));
				return;
			}
			if (!this.retryPolicy.isRetryable(result)) {
				fail(unit, result, "VWO answered " + result.describe());
				return;
			}
			this.consecutiveFailures++;
			Duration delay = this.retryPolicy.backoff(this.consecutiveFailures, result.retryAfter(), Instant.now());
			this.notBeforeNanos = System.nanoTime() + delay.toNanos();
			if (attempts >= this.retryPolicy.maxAttempts()) {
				fail(unit, result, "gave up after " + attempts + " attempts; last: " + result.describe());
				return;
			}
		}
	}

	/** Wait until the backoff allows the next request; {@code false} when shutdown's deadline comes first. */
	private boolean waitForBackoff() {
		while (true) {
			long now = System.nanoTime();
			if (this.stopping && now - this.stopDeadlineNanos >= 0) {
				return false;
			}
			long wait = this.notBeforeNanos - now;
			if (wait <= 0) {
				return true;
			}
			if (this.stopping && this.notBeforeNanos - this.stopDeadlineNanos > 0) {
				return false;
			}
			LockSupport.parkNanos(this, wait);
		}
	}

	private Duration maxWait() {
		return this.stopping ? Duration.ofNanos(Math.max(1, remainingNanos())) : NORMAL_MAX_WAIT;
	}

	private long remainingNanos() {
		return this.stopDeadlineNanos - System.nanoTime();
	}

	private WireRequest buildRequest(List<Slice> unit) {
		List<PushEvent> events = new ArrayList<>(count(unit));
		for (Slice slice : unit) {
			QueuedPush push = slice.push;
			String uuid = push.visitorUuid;
			if (uuid == null) {
				uuid = this.visitorUuid.of(push.userId);
				push.visitorUuid = uuid;
			}
			for (int i = slice.from; i < slice.to; i++) {
				events.add(new PushEvent(push.keys[i], push.values[i], uuid, push.acceptedAtMillis));
			}
		}
		String prefix = this.settings.collectionPrefix();
		double random = ThreadLocalRandom.current().nextDouble();
		return switch (this.config.transport()) {
			case BATCH -> this.wire.batchEvents(events, prefix);
			case EVENT_ARCH -> this.wire.eventArch(events, prefix, System.currentTimeMillis(), random);
			case LEGACY -> this.wire.legacyPush(events.get(0), prefix, random);
		};
	}

	private List<List<Slice>> split(List<Slice> unit) {
		List<Slice> singles = singles(unit);
		int half = singles.size() / 2;
		return List.of(singles.subList(0, half), singles.subList(half, singles.size()));
	}

	/** One slice per dimension; the parents are marked finished because the singles now stand for them. */
	private List<Slice> singles(List<Slice> unit) {
		List<Slice> singles = new ArrayList<>(count(unit));
		for (Slice slice : unit) {
			for (int i = slice.from; i < slice.to; i++) {
				singles.add(new Slice(slice.push, i, i + 1));
			}
		}
		this.currentBatch.addAll(singles);
		unit.forEach((slice) -> slice.finished = true);
		return singles;
	}

	private void fail(List<Slice> unit, HttpResult result, String message) {
		PushReason reason = this.retryPolicy.failureReason(result);
		this.failureLog.warn(reason, count(unit), () -> count(unit) + " dimension(s) not delivered: " + message);
		finish(unit, reason, message);
	}

	private void finish(List<Slice> unit, PushReason reason, String message) {
		for (Slice slice : unit) {
			finish(slice, reason, message);
		}
	}

	private void finish(Slice slice, PushReason reason, String message) {
		if (slice.finished) {
			return;
		}
		slice.finished = true;
		int count = slice.to - slice.from;
		this.listener.dimensionsFinished(reason, count);
		PushCompletion completion = slice.push.completion;
		if (completion != null) {
			for (int i = slice.from; i < slice.to; i++) {
				completion.finish(i, new DimensionResult(slice.push.keys[i], reason, message));
			}
		}
		this.queue.release(count, (slice.to == slice.push.size()) ? slice.push.estimatedBytes : 0);
	}

	/** Whatever is still held or queued when the sender ends is dropped, counted and logged once. */
	private void drainAsDropped() {
		int dropped = 0;
		String message = "dropped at shutdown: not delivered within vwo.shutdown.timeout";
		Slice carried = this.carry;
		if (carried != null) {
			this.carry = null;
			dropped += carried.to - carried.from;
			finish(carried, PushReason.SHUTDOWN, message);
		}
		this.queue.close();
		QueueItem item;
		while ((item = this.queue.poll()) != null) {
			if (item instanceof QueuedPush push) {
				dropped += push.size();
				finish(new Slice(push, 0, push.size()), PushReason.SHUTDOWN, message);
			}
			else {
				((FlushBarrier) item).release();
			}
		}
		if (dropped > 0) {
			logger.warn("VWO push stopped with {} undelivered dimension(s); they were dropped (reason shutdown)",
					dropped);
		}
	}

	private static int count(List<Slice> unit) {
		int count = 0;
		for (Slice slice : unit) {
			count += slice.to - slice.from;
		}
		return count;
	}

	/** Dimensions {@code from} (inclusive) to {@code to} (exclusive) of one push. */
	static final class Slice {

		final QueuedPush push;

		final int from;

		final int to;

		boolean finished;

		Slice(QueuedPush push, int from, int to) {
			this.push = push;
			this.from = from;
			this.to = to;
		}

	}

}
