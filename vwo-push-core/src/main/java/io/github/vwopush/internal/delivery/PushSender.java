package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import io.github.vwopush.VwoOutlet;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.Platform;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.VisitorUuid;
import io.github.vwopush.internal.settings.SettingsRefresher;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one background thread that talks to VWO, and its loop: it settles the answers that
 * arrived, lets the {@link Journal} move what callers queued to the {@link BatchAssembler},
 * and hands the {@link Dispatcher} a request whenever its window has room and a full batch
 * is ready, the oldest dimension has lingered long enough, a flush waits or shutdown has
 * begun. Nothing it does blocks: it parks until the next of these is due or it is woken (a
 * push, an answer, the settings file, shutdown).
 */
final class PushSender implements Runnable {

	private static final Logger logger = LoggerFactory.getLogger(PushSender.class);

	static final long NONE_PENDING = Long.MAX_VALUE;

	private static final long IDLE_WAKE_NANOS = TimeUnit.MINUTES.toNanos(1);

	private final PushQueue queue;

	private final DeliveryConfig config;

	private final SettingsRefresher settings;

	private final DeliveryListener listener;

	private final Executor callbacks;

	private final ThrottledLogger failureLog;

	private final RequestShape shape;

	private final HeldKeys held = new HeldKeys();

	private final BatchAssembler staged = new BatchAssembler();

	/** Flush barriers that reached the front, in order, each waiting for the requests sent before it. */
	private final ArrayDeque<FlushBarrier> barriersWaiting = new ArrayDeque<>();

	/** Where the dispatcher's requests go: VWO over HTTP unless the engine was built with an outlet. */
	private final RequestOutlet outlet;

	private final RetryPolicy retryPolicy;

	private final SpoolOpener spoolOpener;

	private final RacePoints races;

	/** Set by {@link #start()}: the spool is opened on the starting thread. */
	private volatile Journal journal = new MemoryJournal();

	private @Nullable Settlement settlement;

	private @Nullable Dispatcher dispatcher;

	private volatile @Nullable Thread thread;

	/** Released when the sender has ended and every dimension it held has its final outcome. */
	private final CountDownLatch terminated = new CountDownLatch(1);

	/** Monotonic acceptance time of the oldest dimension held in memory, or {@link #NONE_PENDING}. */
	private volatile long oldestPendingNanos = NONE_PENDING;

	/**
	 * The oldest push waits for a user key in flight: until an answer arrives, its linger
	 * must not send the pushes behind it one small request at a time.
	 */
	private boolean headHeld;

	/** Everything accepted up to this monotonic time goes without waiting for a full batch: its linger is over. */
	private long dueThroughNanos = System.nanoTime() - 1;

	private volatile boolean stopping;

	/** A test's kill -9: the loop ends where it is and nothing it holds is settled. */
	private volatile boolean crashed;

	private volatile long stopDeadlineNanos;

	/** Set once the application has started; until then the settings file is fetched only when there is work. */
	private volatile boolean applicationReady;

	PushSender(PushQueue queue, DeliveryConfig config, PushWireFormat wire, VwoHttpClient http,
			SettingsRefresher settings, RetryPolicy retryPolicy, VisitorUuid visitorUuid, DeliveryListener listener,
			Executor callbacks, SpoolOpener spoolOpener, RacePoints races, @Nullable VwoOutlet outlet) {
		this.queue = queue;
		this.spoolOpener = spoolOpener;
		this.races = races;
		this.config = config;
		this.settings = settings;
		this.retryPolicy = retryPolicy;
		this.listener = listener;
		this.callbacks = callbacks;
		this.failureLog = new ThrottledLogger(logger, config.logInterval());
		// FME's rule, from its settings file: a web visitor's id is its visitor id.
		this.shape = new RequestShape(config.transport(), config.maxEvents(), wire, visitorUuid,
				(wire.platform() == Platform.FME) ? settings::webConnectivityEnabled : () -> false);
		this.outlet = (outlet != null) ? new OutletRequests(outlet, config.transport())
				: new HttpRequests(this.shape, http);
	}

	/**
	 * Open the spool on the starting thread, so that a directory another instance holds
	 * fails startup, then start the sender thread.
	 * @throws IllegalStateException when the spool directory is locked by another spool
	 */
	void start() {
		Journal opened = SpoolJournal.open(this.config, this.listener, this.failureLog, this.spoolOpener);
		this.journal = opened;
		Settlement settled = settlement(opened);
		this.dispatcher = new Dispatcher(this.shape, this.outlet, this.retryPolicy, this.listener, settled, this.held,
				opened.retriesUntilDelivered(), this.config.maxInFlight(), this::wake, this.races);
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
		return this.journal.parkedDimensions();
	}

	/** Bytes the spool holds on disk, or 0 without a spool. */
	long spoolBytes() {
		return this.journal.sizeBytes();
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
			settlement(this.journal);
			finishLeftovers(null);
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
		Dispatcher requests = this.dispatcher;
		try {
			while (!this.stopping) {
				step(requests, false);
			}
			if (this.crashed) {
				return;
			}
			this.journal.take(this.queue, this.staged, this.settlement);
			while (remainingNanos() > 0 && (hasWork() || !requests.isIdle()) && !backoffOutlastsShutdown(requests)) {
				step(requests, true);
			}
		}
		catch (Throwable ex) {
			logger.error("VWO push sender stopped unexpectedly; what it held is spooled or dropped", ex);
		}
		finally {
			try {
				if (this.crashed) {
					this.journal.abandon();
				}
				else {
					finishLeftovers(requests);
				}
			}
			finally {
				this.terminated.countDown();
			}
		}
	}

	/**
	 * End the thread as {@code kill -9} would end the process: nothing held is settled,
	 * spooled, acknowledged or counted, and the spool's directory is released as found.
	 * For tests of crash recovery only.
	 */
	void crash() {
		this.crashed = true;
		this.stopping = true;
		Thread sender = this.thread;
		if (sender == null) {
			this.journal.abandon();
			return;
		}
		LockSupport.unpark(sender);
		try {
			sender.join();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private boolean hasWork() {
		return !this.staged.isEmpty() || this.queue.peek() != null
				|| this.journal.canReadBack(this.staged, this.queue, mayReadBack(this.dispatcher));
	}

	/** One turn of the loop: settle, journal, read back, send what may go, then park until something is due. */
	private void step(Dispatcher requests, boolean draining) {
		if (requests.settleAnswers() > 0) {
			this.headHeld = false;
		}
		if (this.applicationReady || hasWork()) {
			// Never blocks: the fetch runs on the HTTP client's event loop and wakes this thread when it ends.
			this.settings.refreshIfDue();
		}
		long now = System.nanoTime();
		if (this.queue.peek() != null && now - this.journal.nextTakeNanos(this.queue, now) >= 0) {
			this.journal.take(this.queue, this.staged, this.settlement);
		}
		this.journal.readBack(this.staged, this.queue, mayReadBack(requests));
		releaseBarriers(requests);
		boolean blocked = dispatch(requests, draining);
		// A request that could not even be built leaves the dispatcher idle with a barrier at the front.
		releaseBarriers(requests);
		this.oldestPendingNanos = Math.min(requests.oldestAcceptedNanos(), oldestStaged());
		if (this.stopping && !draining) {
			return;
		}
		if (draining && !hasWork() && requests.isIdle()) {
			// Drained: parking now would wait out the shutdown deadline with nothing left to do.
			return;
		}
		park(requests, draining, blocked);
	}

	/**
	 * Hand the dispatcher requests while its window has room: retries first, then new
	 * batches that are due.
	 * @return {@code true} when a batch is due but nothing can go until an answer arrives
	 * (the window is full, or what is due waits for a user key in flight)
	 */
	private boolean dispatch(Dispatcher requests, boolean draining) {
		// The first batch waits for the first fetch, so that it already goes to the right data-residency prefix.
		boolean awaitingPrefix = !this.settings.hasFetchedOnce() && this.settings.isFetching();
		while (true) {
			long now = System.nanoTime();
			if (!requests.canSend(now)) {
				return requests.windowFull() && (requests.hasRetries() || batchDue(now, draining));
			}
			requests.expireRetries();
			// A retry that failed last time asks for a probe: new dimensions go first, due or not.
			boolean probe = false;
			if (requests.hasRetries()) {
				boolean newTraffic = !awaitingPrefix && (this.staged.startsWithPush() || this.journal.hasParked());
				if (requests.sendRetry(this.settings.collectionPrefix(), newTraffic)) {
					continue;
				}
				probe = true;
			}
			if (!probe && !batchDue(now, draining)) {
				return false;
			}
			if (awaitingPrefix) {
				// The fetch's end wakes the sender.
				return true;
			}
			QueuedPush head = this.staged.oldestPush();
			List<Slice> slices = this.staged.take(this.shape.maxEvents(), this.shape.onePush(), this.held::contains);
			this.headHeld = head != null && this.staged.oldestPush() == head && head.taken == 0;
			if (slices.isEmpty() && this.staged.startsWithBarrier()) {
				// What follows a flush barrier goes on while the barrier waits for the requests before it.
				releaseBarriers(requests);
				continue;
			}
			// Nothing in memory can probe (its keys wait for the failed request): the request's own halves may,
			// else a parked push, as far as the memory window allows.
			if (slices.isEmpty() && probe && requests.probeWithHalves()) {
				continue;
			}
			while (slices.isEmpty() && probe && this.journal.readBackForProbe(this.staged, this.queue, this.held::contains)) {
				slices = this.staged.take(this.shape.maxEvents(), this.shape.onePush(), this.held::contains);
			}
			if (slices.isEmpty() && probe) {
				// Nothing new can go: the retry goes itself.
				requests.sendRetry(this.settings.collectionPrefix(), false);
				continue;
			}
			if (slices.isEmpty()) {
				return true;
			}
			requests.send(slices, this.settings.collectionPrefix());
			if (probe) {
				requests.probeSent();
			}
		}
	}

	/**
	 * Parked dimensions come back while VWO answers, or when a failed request waits for a
	 * probe and nothing else could be one: else a request VWO never takes would stop
	 * read-back for good.
	 */
	private static boolean mayReadBack(Dispatcher requests) {
		return requests.vwoAnswers() || requests.wantsProbe();
	}

	/** A full batch waits, a flush waits, shutdown drains, or the oldest dimension has lingered long enough. */
	private boolean batchDue(long now, boolean draining) {
		QueuedPush oldest = this.staged.oldestPush();
		if (oldest == null) {
			return false;
		}
		if (draining || this.staged.hasBarrier() || this.staged.dimensions() >= this.shape.maxEvents()) {
			return true;
		}
		if (this.headHeld) {
			return false;
		}
		if (oldest.acceptedAtNanos - this.dueThroughNanos <= 0) {
			return true;
		}
		// Monotonic: a step of the wall clock must neither hold a batch back nor send it early.
		if (now - oldest.acceptedAtNanos >= this.config.linger().toNanos()) {
			this.dueThroughNanos = now;
			return true;
		}
		return false;
	}

	/**
	 * A flush barrier is released once everything before it is final. At the front it
	 * leaves the staged pushes, so that what came after it goes on being sent (and can be a
	 * probe) while it waits for the requests sent before it.
	 */
	private void releaseBarriers(Dispatcher requests) {
		FlushBarrier barrier;
		while ((barrier = this.staged.pollBarrier()) != null) {
			barrier.afterShipment = requests.lastShipment();
			this.barriersWaiting.addLast(barrier);
		}
		while (!this.barriersWaiting.isEmpty() && requests.finalThrough(this.barriersWaiting.peekFirst().afterShipment)) {
			this.barriersWaiting.pollFirst().release();
		}
	}

	private long oldestStaged() {
		QueuedPush oldest = this.staged.oldestPush();
		return (oldest != null) ? oldest.acceptedAtNanos : NONE_PENDING;
	}

	/** Park until the next thing is due: an answer, a push or shutdown wake the thread sooner. */
	private void park(Dispatcher requests, boolean draining, boolean blocked) {
		long now = System.nanoTime();
		long wake = now + IDLE_WAKE_NANOS;
		long untilFetch = this.settings.nanosUntilNextFetch();
		if (untilFetch > 0) {
			// A fetch that is due but waits for the application (or for work) must not make this loop spin. None
			// planned is Long.MAX_VALUE: added to now it would wrap, and every wake-up already due would be lost.
			wake = earlier(wake, now + Math.min(untilFetch, IDLE_WAKE_NANOS));
		}
		if (!this.queue.senderIdleIfEmpty()) {
			wake = earlier(wake, this.journal.nextTakeNanos(this.queue, now));
		}
		if (!blocked && !requests.windowFull()) {
			long sendable = requests.notBeforeNanos(now);
			if (requests.hasRetries()) {
				wake = earlier(wake, sendable);
			}
			QueuedPush oldest = this.staged.oldestPush();
			if (oldest != null && batchDue(now, draining)) {
				wake = earlier(wake, sendable);
			}
			else if (oldest != null && !this.headHeld) {
				long lingerEnds = oldest.acceptedAtNanos + this.config.linger().toNanos();
				wake = earlier(wake, (sendable - lingerEnds > 0) ? sendable : lingerEnds);
			}
		}
		if (this.journal.awaitsReadBackRetry(now, mayReadBack(requests))) {
			wake = earlier(wake, this.journal.readBackRetryAtNanos());
		}
		if (this.stopping) {
			wake = earlier(wake, this.stopDeadlineNanos);
		}
		long parkNanos = wake - System.nanoTime();
		if (parkNanos > 0) {
			LockSupport.parkNanos(this, parkNanos);
		}
	}

	/** Nothing in flight and the backoff ends after shutdown's deadline: waiting for it would deliver nothing. */
	private boolean backoffOutlastsShutdown(Dispatcher requests) {
		return requests.inFlight() == 0 && requests.notBeforeNanos(System.nanoTime()) - this.stopDeadlineNanos > 0;
	}

	private static long earlier(long a, long b) {
		return (b - a < 0) ? b : a;
	}

	private long remainingNanos() {
		return this.stopDeadlineNanos - System.nanoTime();
	}

	private Settlement settlement(Journal journal) {
		this.settlement = new Settlement(this.queue, this.listener, journal, this.held, this.retryPolicy, this.callbacks,
				this.failureLog);
		return this.settlement;
	}

	/**
	 * Whatever is still held when the sender ends is spooled (if it is on disk) or dropped, counted and logged once.
	 * @param requests the dispatcher, or {@code null} when the sender never started
	 */
	private void finishLeftovers(@Nullable Dispatcher requests) {
		Settlement settled = this.settlement;
		List<FlushBarrier> barriers = new ArrayList<>(this.barriersWaiting);
		this.barriersWaiting.clear();
		try {
			this.queue.close();
			this.journal.take(this.queue, this.staged, settled);
			long[] spooledAndDropped = { 0, 0 };
			// What was in flight or waiting for a retry comes first: it is the oldest.
			if (requests != null) {
				requests.abandon((slice) -> leave(settled, slice, spooledAndDropped));
			}
			QueueItem item;
			while ((item = this.staged.pollFirst()) != null) {
				if (item instanceof QueuedPush push) {
					leave(settled, new Slice(push, push.taken, push.size()), spooledAndDropped);
				}
				else {
					barriers.add((FlushBarrier) item);
				}
			}
			spooledAndDropped[0] += this.journal.close(settled);
			long spooled = spooledAndDropped[0];
			long dropped = spooledAndDropped[1];
			if (spooled > 0 || dropped > 0) {
				logger.warn("VWO push stopped with {} undelivered dimension(s): {} kept in the spool for the next "
						+ "start, {} dropped (reason shutdown)", spooled + dropped, spooled, dropped);
			}
		}
		finally {
			this.oldestPendingNanos = NONE_PENDING;
			// Last, so that a flush waiting on them returns only once everything before it is final.
			barriers.forEach(FlushBarrier::release);
		}
	}

	private static void leave(Settlement settled, Slice slice, long[] spooledAndDropped) {
		if (slice.finished || slice.size() == 0) {
			return;
		}
		spooledAndDropped[settled.leaveAtShutdown(slice) ? 0 : 1] += slice.size();
	}

}

