package io.github.vwopush.delivery;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
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
import io.github.vwopush.spool.DiskSpool;
import io.github.vwopush.spool.SpoolFullException;
import io.github.vwopush.spool.SpoolLockedException;
import io.github.vwopush.spool.SpooledPush;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread that talks to VWO. It moves what callers queued into its own
 * staging deque (the <em>journal</em> step, which also writes it to the disk spool when
 * that is on), takes batches from there (by count, or when the oldest has lingered long
 * enough), sends one request at a time and retries it per the {@link RetryPolicy}. Because
 * only one request is ever in flight, an outage costs VWO one probe per backoff period,
 * never a storm, and order is kept.
 * <p>
 * With the spool on, the journal runs at least every sync interval, even while a request
 * or a backoff is in progress, so a crash loses at most that interval; retryable failures
 * are retried until VWO answers; what does not fit the memory window is parked on disk and
 * read back once VWO answers again.
 */
final class PushSender implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(PushSender.class);

	private static final Duration NORMAL_MAX_WAIT = Duration.ofMinutes(5);

	static final long NONE_PENDING = Long.MAX_VALUE;

	private static final long IDLE_WAKE_NANOS = TimeUnit.MINUTES.toNanos(1);

	/** How often a request in flight checks whether shutdown's deadline has passed. */
	private static final Duration STOP_CHECK_INTERVAL = Duration.ofMillis(50);

	private static final Duration READ_BACK_RETRY = Duration.ofSeconds(1);

	private final PushQueue queue;

	private final DeliveryConfig config;

	private final PushWireFormat wire;

	private final VwoHttpClient http;

	private final SettingsRefresher settings;

	private final RetryPolicy retryPolicy;

	private final VisitorUuid visitorUuid;

	private final DeliveryListener listener;

	/** Completes {@code pushAsync} futures, so that no user callback runs on this thread. */
	private final Executor callbacks;

	private final ThrottledLogger failureLog;

	private final DeliveryConfig.@Nullable Spool spoolConfig;

	/** What the journal took from the queue, waiting for a batch. Sender thread only. */
	private final ArrayDeque<QueueItem> staged = new ArrayDeque<>();

	private int stagedDimensions;

	private int stagedBarriers;

	/** Parked pushes that carry a future (pushAsync), so it can be completed whatever happens. */
	private final Map<Long, QueuedPush> parkedWithFutures = new HashMap<>();

	private volatile @Nullable DiskSpool spool;

	private long lastJournalNanos;

	/** After a failed read-back, when to try again. */
	private long readBackRetryAtNanos = System.nanoTime();

	private long lastSpoolProblemLogNanos;

	private volatile @Nullable Thread thread;

	/** Released when the sender has ended and every dimension it held has its final outcome. */
	private final CountDownLatch terminated = new CountDownLatch(1);

	/** Monotonic acceptance time of the oldest dimension held in memory, or {@link #NONE_PENDING}. */
	private volatile long oldestPendingNanos = NONE_PENDING;

	/** The last event-architecture message stamp, so that each request gets a new one. */
	private long lastMessageStamp;

	private volatile boolean stopping;

	private volatile long stopDeadlineNanos;

	/** Set once the application has started; until then the settings file is fetched only when there is work. */
	private volatile boolean applicationReady;

	/** The part of a push that did not fit in the previous batch. Sender thread only. */
	private @Nullable Slice carry;

	/** Failures since the last success; shared by all requests so an outage is probed, not hammered. */
	private int consecutiveFailures;

	private long notBeforeNanos;

	/** Every slice of the batch being sent, split parts included, so an unexpected error can finish them all once. */
	private List<Slice> currentBatch = new ArrayList<>();

	PushSender(PushQueue queue, DeliveryConfig config, PushWireFormat wire, VwoHttpClient http,
			SettingsRefresher settings, RetryPolicy retryPolicy, VisitorUuid visitorUuid, DeliveryListener listener,
			Executor callbacks) {
		this.queue = queue;
		this.config = config;
		this.wire = wire;
		this.http = http;
		this.settings = settings;
		this.retryPolicy = retryPolicy;
		this.visitorUuid = visitorUuid;
		this.listener = listener;
		this.callbacks = callbacks;
		this.failureLog = new ThrottledLogger(logger, config.logInterval());
		this.spoolConfig = config.spool();
	}

	/**
	 * Open the spool on the starting thread, so that a directory another instance holds
	 * fails startup, then start the sender thread.
	 * @throws IllegalStateException when the spool directory is locked by another spool
	 */
	void start() {
		openSpool();
		Thread sender = new Thread(this, "vwo-push-sender");
		sender.setDaemon(true);
		this.thread = sender;
		sender.start();
	}

	boolean isStarted() {
		return this.thread != null;
	}

	/**
	 * Wait until the sender has ended (after {@link #stop}).
	 * @param timeout how long to wait at most
	 * @return {@code true} when it ended in time
	 */
	boolean awaitTermination(Duration timeout) {
		try {
			return this.terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Monotonic acceptance time ({@link System#nanoTime()}) of the oldest dimension held in
	 * memory and not yet final.
	 * @return the time, or {@link #NONE_PENDING}
	 */
	long oldestPendingNanos() {
		return this.oldestPendingNanos;
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

	/** Dimensions on disk only, or 0 without a spool. */
	long parkedDimensions() {
		DiskSpool current = this.spool;
		return (current != null) ? current.parkedDimensions() : 0;
	}

	/** Bytes the spool holds on disk, or 0 without a spool. */
	long spoolBytes() {
		DiskSpool current = this.spool;
		return (current != null) ? current.sizeBytes() : 0;
	}

	/**
	 * Deliver what is queued within the timeout, then stop; the rest is spooled or dropped.
	 * @return {@code true} when the thread ended in time
	 */
	boolean stop(Duration timeout) {
		this.stopDeadlineNanos = System.nanoTime() + timeout.toNanos();
		this.stopping = true;
		Thread sender = this.thread;
		if (sender == null) {
			finishLeftovers();
			this.terminated.countDown();
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
			journal();
			while (remainingNanos() > 0 && hasWork()) {
				readBack();
				sendOneBatch();
				journal();
			}
		}
		catch (Throwable ex) {
			logger.error("VWO push sender stopped unexpectedly; what it held is spooled or dropped", ex);
		}
		finally {
			try {
				finishLeftovers();
			}
			finally {
				this.terminated.countDown();
			}
		}
	}

	private void openSpool() {
		if (this.spoolConfig == null) {
			return;
		}
		try {
			DiskSpool opened = DiskSpool.open(this.spoolConfig.directory(), this.spoolConfig.maxBytes());
			this.spool = opened;
			if (opened.recoveredDimensions() > 0) {
				this.listener.dimensionsRecovered(opened.recoveredDimensions());
				logger.info("VWO push spool: recovered {} undelivered dimension(s) from a previous run",
						opened.recoveredDimensions());
			}
		}
		catch (SpoolLockedException ex) {
			// Two spools in one directory would interleave writes and delete each other's segments.
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			logger.error("VWO push spool cannot be opened in {}; continuing without it (nothing is written to disk)",
					this.spoolConfig.directory(), ex);
		}
	}

	private boolean hasWork() {
		return this.carry != null || !this.staged.isEmpty() || this.queue.peek() != null || canReadBack();
	}

	/** Park until a batch is due, journaling and reading back in the meantime. */
	private boolean awaitWork() {
		while (!this.stopping) {
			if (this.applicationReady || hasWork()) {
				// Never blocks: the fetch runs on the HTTP client's event loop and wakes this thread when it ends.
				this.settings.refreshIfDue();
			}
			if (journalDue()) {
				journal();
			}
			readBack();
			// The first batch waits for the first fetch, so that it already goes to the right data-residency prefix.
			boolean awaitingPrefix = !this.settings.hasFetchedOnce() && this.settings.isFetching();
			if (!awaitingPrefix
					&& (this.carry != null || this.stagedDimensions >= this.config.maxEvents() || this.stagedBarriers > 0)) {
				return true;
			}
			// A fetch that is due but waits for the application (or for work) must not make this loop spin.
			long untilFetch = this.settings.nanosUntilNextFetch();
			long parkNanos = (untilFetch > 0) ? Math.min(untilFetch, IDLE_WAKE_NANOS) : IDLE_WAKE_NANOS;
			if (!awaitingPrefix && this.staged.peekFirst() instanceof QueuedPush oldest) {
				// Monotonic: a step of the wall clock must neither hold a batch back nor send it early.
				long lingered = System.nanoTime() - oldest.acceptedAtNanos;
				long linger = this.config.linger().toNanos();
				if (lingered >= linger) {
					return true;
				}
				parkNanos = Math.min(parkNanos, linger - lingered);
			}
			if (this.queue.peek() != null) {
				parkNanos = Math.min(parkNanos, nextJournalNanos() - System.nanoTime());
			}
			LockSupport.parkNanos(this, Math.max(1, parkNanos));
		}
		return false;
	}


	private boolean journalDue() {
		if (this.queue.peek() == null) {
			return false;
		}
		return this.spool == null || this.queue.hasBarrier() || this.queue.size() >= this.config.maxEvents()
				|| System.nanoTime() - nextJournalNanos() >= 0;
	}

	private long nextJournalNanos() {
		return (this.spool == null) ? System.nanoTime()
				: this.lastJournalNanos + this.spoolConfig.syncInterval().toNanos();
	}

	/**
	 * Move everything queued into the staging deque; with the spool, write it to disk first
	 * and make it durable with one {@code fsync}, then park what exceeds the memory window.
	 */
	private void journal() {
		DiskSpool disk = this.spool;
		QueueItem item;
		while ((item = this.queue.poll()) != null) {
			if (item instanceof QueuedPush push && disk != null && !spoolToDisk(disk, push)) {
				continue;
			}
			stage(item);
		}
		if (this.oldestPendingNanos == NONE_PENDING) {
			this.oldestPendingNanos = oldestWaiting();
		}
		if (disk != null) {
			try {
				disk.sync();
			}
			catch (IOException ex) {
				spoolProblem("cannot sync the spool (" + ex.getClass().getSimpleName()
						+ "): recent pushes may not survive a crash");
			}
			this.lastJournalNanos = System.nanoTime();
			parkBeyondWindow(disk);
		}
	}

	/** @return {@code false} when the push was finished instead (spool full) */
	private boolean spoolToDisk(DiskSpool disk, QueuedPush push) {
		try {
			push.spoolSeq = disk.append(push.userId, push.acceptedAtMillis, push.keys, push.values);
			return true;
		}
		catch (SpoolFullException ex) {
			this.failureLog.warn(PushReason.SPOOL_FULL, push.size(), ex::getMessage);
			finish(new Slice(push, 0, push.size()), PushReason.SPOOL_FULL, ex.getMessage());
			return false;
		}
		catch (IOException ex) {
			// Still delivered from memory, just not durable: a disk problem must not lose what is in hand.
			spoolProblem("cannot write to the spool (" + ex.getClass().getSimpleName()
					+ "); pushes are kept in memory only");
			return true;
		}
	}

	/** A disk problem with the spool, logged at most once per logging interval (sender thread only). */
	private void spoolProblem(String message) {
		long now = System.nanoTime();
		if (this.lastSpoolProblemLogNanos == 0 || now - this.lastSpoolProblemLogNanos >= this.config.logInterval().toNanos()) {
			this.lastSpoolProblemLogNanos = now;
			logger.warn("VWO push spool: {}", message);
		}
	}

	private void stage(QueueItem item) {
		this.staged.addLast(item);
		if (item instanceof QueuedPush push) {
			this.stagedDimensions += push.size();
		}
		else {
			this.stagedBarriers++;
		}
	}

	private @Nullable QueueItem unstage() {
		QueueItem item = this.staged.pollFirst();
		if (item instanceof QueuedPush push) {
			this.stagedDimensions -= push.size();
		}
		else if (item != null) {
			this.stagedBarriers--;
		}
		return item;
	}

	/**
	 * With the spool on, what stays in memory: half the queue's limits, in dimensions and in
	 * bytes, so that parking frees room before the queue is full whatever the batch size.
	 * Beyond it the newest are parked; read-back fills it and no more.
	 */
	private boolean beyondMemoryWindow(int extraDimensions, long extraBytes) {
		return this.queue.held() + extraDimensions > Math.max(1, this.config.queueCapacity() / 2)
				|| this.queue.bytes() + extraBytes > this.config.queueMaxBytes() / 2;
	}

	/** Keep on disk only the newest pushes beyond the memory window; {@link #readBack} brings them back. */
	private void parkBeyondWindow(DiskSpool disk) {
		while (beyondMemoryWindow(0, 0) && this.staged.peekLast() instanceof QueuedPush newest
				&& newest.spoolSeq >= 0) {
			this.staged.pollLast();
			this.stagedDimensions -= newest.size();
			disk.park(newest.spoolSeq);
			if (newest.completion != null) {
				this.parkedWithFutures.put(newest.spoolSeq, newest);
			}
			this.queue.release(newest.size(), newest.estimatedBytes);
		}
	}

	/** A wall-clock time of the past, as a monotonic time: how long ago it was, counted back from now. */
	private static long monotonicOf(long pastMillis) {
		long ageMillis = Math.max(0, System.currentTimeMillis() - pastMillis);
		return System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(ageMillis);
	}

	private boolean canReadBack() {
		DiskSpool disk = this.spool;
		return disk != null && disk.parkedDimensions() > 0 && this.consecutiveFailures == 0
				&& System.nanoTime() - this.readBackRetryAtNanos >= 0 && !beyondMemoryWindow(1, 0);
	}

	/**
	 * Bring parked pushes back from disk while VWO answers and the memory window has room,
	 * in dimensions and in bytes; a record that does not fit stays on disk unread.
	 */
	private void readBack() {
		if (!canReadBack()) {
			return;
		}
		DiskSpool disk = this.spool;
		long[] admitted = { 0, 0 };
		try {
			List<SpooledPush> records = disk.readParked((record) -> {
				int dimensions = record.keys().length;
				long bytes = QueuedPush.estimateBytes(record.userId(), record.keys(), record.values());
				// At least one when nothing else is staged, or one push larger than the window would stall it.
				boolean alone = admitted[0] == 0 && this.staged.isEmpty();
				if (!alone && beyondMemoryWindow((int) admitted[0] + dimensions, admitted[1] + bytes)) {
					return false;
				}
				admitted[0] += dimensions;
				admitted[1] += bytes;
				return true;
			});
			for (SpooledPush record : records) {
				QueuedPush parked = this.parkedWithFutures.remove(record.seq());
				QueuedPush push = (parked != null) ? parked : new QueuedPush(record.userId(), record.keys(),
						record.values(), record.acceptedAtMillis(), monotonicOf(record.acceptedAtMillis()), null);
				push.spoolSeq = record.seq();
				this.queue.reserve(push.size(), push.estimatedBytes);
				stage(push);
			}
		}
		catch (IOException ex) {
			// Not in a loop: the next attempt waits, so an unreadable segment cannot make the sender spin.
			this.readBackRetryAtNanos = System.nanoTime() + READ_BACK_RETRY.toNanos();
			spoolProblem("cannot read parked pushes back (" + ex.getClass().getSimpleName() + "); trying again in "
					+ READ_BACK_RETRY.toSeconds() + "s");
		}
	}

	private void sendOneBatch() {
		List<FlushBarrier> barriers = new ArrayList<>(1);
		List<Slice> batch = takeBatch(barriers);
		this.currentBatch = batch;
		this.oldestPendingNanos = batch.isEmpty() ? oldestWaiting() : batch.get(0).push.acceptedAtNanos;
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
			this.oldestPendingNanos = oldestWaiting();
			barriers.forEach(FlushBarrier::release);
		}
	}

	/** The oldest dimension not yet taken into a batch (the queue is in acceptance order). */
	private long oldestWaiting() {
		if (this.carry != null) {
			return this.carry.push.acceptedAtNanos;
		}
		for (QueueItem item : this.staged) {
			if (item instanceof QueuedPush push) {
				return push.acceptedAtNanos;
			}
		}
		// What still waits in the queue is newer, and the service's reader looks at it itself.
		return NONE_PENDING;
	}

	/** Up to max-events dimensions; a flush barrier ends the batch so that it can be released after it. */
	private List<Slice> takeBatch(List<FlushBarrier> barriers) {
		journal();
		List<Slice> batch = new ArrayList<>();
		int room = this.config.maxEvents();
		Slice carried = this.carry;
		if (carried != null) {
			this.carry = null;
			room -= take(carried.push, carried.from, room, batch);
		}
		while (room > 0) {
			QueueItem item = unstage();
			if (item == null) {
				break;
			}
			if (item instanceof FlushBarrier barrier) {
				barriers.add(barrier);
				break;
			}
			room -= take((QueuedPush) item, 0, room, batch);
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
		long firstAttemptNanos = 0;
		// One stamp per request, kept by its retries: event-architecture message ids derive from it.
		long messageStamp = nextMessageStamp();
		while (true) {
			if (!waitForBackoff()) {
				leaveAtShutdown(unit);
				return;
			}
			WireRequest request = buildRequest(unit, messageStamp);
			if (attempts == 0) {
				firstAttemptNanos = System.nanoTime();
			}
			HttpResult result = exchange(request);
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
			Duration elapsed = Duration.ofNanos(System.nanoTime() - firstAttemptNanos);
			// With the spool, a retryable failure is never final: the dimensions wait for VWO, on disk if need be.
			if (this.spool == null && this.retryPolicy.givesUp(attempts, elapsed)) {
				fail(unit, result, "gave up after " + attempts + " attempts in " + elapsed.toSeconds()
						+ "s (vwo.retry.max-elapsed=" + this.retryPolicy.maxElapsed() + "); last: " + result.describe());
				return;
			}
		}
	}

	/**
	 * A new stamp for each request: its time in milliseconds, moved past the last one when
	 * two requests fall in one millisecond, so that {@code <visitor>-<stamp>} is unique.
	 */
	private long nextMessageStamp() {
		this.lastMessageStamp = Math.max(System.currentTimeMillis(), this.lastMessageStamp + 1);
		return this.lastMessageStamp;
	}

	/**
	 * One attempt. While it waits, the journal keeps its sync interval, and a request that
	 * was already in flight when shutdown began is abandoned at shutdown's deadline, so the
	 * sender never outlives {@code stop()}.
	 */
	private HttpResult exchange(WireRequest request) {
		Duration tick = (this.spool != null) ? this.spoolConfig.syncInterval() : STOP_CHECK_INTERVAL;
		return this.http.exchange(request, NORMAL_MAX_WAIT, tick, () -> {
			if (this.spool != null) {
				journal();
			}
			return !this.stopping || remainingNanos() > 0;
		});
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
			if (this.spool != null) {
				journal();
				wait = Math.min(wait, this.spoolConfig.syncInterval().toNanos());
			}
			LockSupport.parkNanos(this, wait);
		}
	}

	private long remainingNanos() {
		return this.stopDeadlineNanos - System.nanoTime();
	}

	private WireRequest buildRequest(List<Slice> unit, long messageStamp) {
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
			case EVENT_ARCH -> this.wire.eventArch(events, prefix, messageStamp, System.currentTimeMillis(), random);
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

	private void leaveAtShutdown(List<Slice> unit) {
		for (Slice slice : unit) {
			leaveAtShutdown(slice);
		}
	}

	/** Shutdown's deadline passed: spooled dimensions stay on disk for the next start, the others are dropped. */
	private void leaveAtShutdown(Slice slice) {
		if (slice.push.spoolSeq >= 0 && this.spool != null) {
			finish(slice, PushReason.SPOOLED, "kept in the spool at shutdown; the next start delivers it");
		}
		else {
			finish(slice, PushReason.SHUTDOWN, "dropped at shutdown: not delivered within vwo.shutdown.timeout");
		}
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
		boolean lastOfPush = slice.to == slice.push.size();
		this.queue.release(count, lastOfPush ? slice.push.estimatedBytes : 0);
		DiskSpool disk = this.spool;
		if (lastOfPush && reason != PushReason.SPOOLED && slice.push.spoolSeq >= 0 && disk != null) {
			try {
				disk.ack(slice.push.spoolSeq);
			}
			catch (IOException ex) {
				// Not acknowledged: the next start replays it, a duplicate at worst.
				logger.debug("Cannot acknowledge a spooled push", ex);
			}
		}
		// Last: the outcome is fully settled (counted, released, acknowledged) before anyone hears of it.
		PushCompletion completion = slice.push.completion;
		if (completion != null) {
			for (int i = slice.from; i < slice.to; i++) {
				completion.finish(i, new DimensionResult(slice.push.keys[i], reason, message), this.callbacks);
			}
		}
	}

	/** Whatever is still held when the sender ends is spooled (if it is on disk) or dropped, counted and logged once. */
	private void finishLeftovers() {
		DiskSpool disk = this.spool;
		List<FlushBarrier> barriers = new ArrayList<>();
		try {
			this.queue.close();
			if (disk != null) {
				journal();
			}
			long spooled = 0;
			long dropped = 0;
			// What an unexpected error left in the batch being sent comes first: it is the oldest.
			List<Slice> left = new ArrayList<>();
			for (Slice slice : this.currentBatch) {
				if (!slice.finished) {
					left.add(slice);
				}
			}
			Slice carried = this.carry;
			if (carried != null) {
				this.carry = null;
				left.add(carried);
			}
			QueueItem item;
			while ((item = unstage()) != null || (item = this.queue.poll()) != null) {
				if (item instanceof QueuedPush push) {
					left.add(new Slice(push, 0, push.size()));
				}
				else {
					barriers.add((FlushBarrier) item);
				}
			}
			for (Slice slice : left) {
				if (slice.finished) {
					continue;
				}
				boolean onDisk = slice.push.spoolSeq >= 0 && disk != null;
				spooled += onDisk ? slice.to - slice.from : 0;
				dropped += onDisk ? 0 : slice.to - slice.from;
				leaveAtShutdown(slice);
			}
			if (disk != null) {
				long parked = disk.parkedDimensions();
				if (parked > 0) {
					this.listener.dimensionsFinished(PushReason.SPOOLED, (int) Math.min(Integer.MAX_VALUE, parked));
					spooled += parked;
				}
				for (QueuedPush push : this.parkedWithFutures.values()) {
					for (int i = 0; i < push.size(); i++) {
						push.completion.finish(i, new DimensionResult(push.keys[i], PushReason.SPOOLED,
								"kept in the spool at shutdown; the next start delivers it"), this.callbacks);
					}
				}
				this.parkedWithFutures.clear();
			}
			if (spooled > 0 || dropped > 0) {
				logger.warn("VWO push stopped with {} undelivered dimension(s): {} kept in the spool for the next "
						+ "start, {} dropped (reason shutdown)", spooled + dropped, spooled, dropped);
			}
		}
		finally {
			if (disk != null) {
				// Parked dimensions are now counted as spooled: the gauge must not show them a second time.
				this.spool = null;
				closeSpool(disk);
			}
			// Last, so that a flush waiting on them returns only once everything before it is final.
			barriers.forEach(FlushBarrier::release);
		}
	}

	private static void closeSpool(DiskSpool disk) {
		try {
			disk.close();
		}
		catch (IOException | RuntimeException ex) {
			logger.warn("Cannot close the VWO push spool cleanly ({}); the next start recovers what it can",
					ex.getClass().getSimpleName());
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
