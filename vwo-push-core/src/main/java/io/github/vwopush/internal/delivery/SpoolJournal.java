package io.github.vwopush.internal.delivery;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.spool.DiskSpool;
import io.github.vwopush.internal.spool.SpoolFullException;
import io.github.vwopush.internal.spool.SpoolLockedException;
import io.github.vwopush.internal.spool.SpooledPush;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The disk spool's side of the journal: every push is written to disk and made durable
 * with one {@code fsync} per sync interval before it can go in a request; what exceeds the
 * memory window (half the queue's limits, in dimensions and in bytes, so that parking frees
 * room before the queue is full) is parked on disk, newest first, and read back while VWO
 * answers. A parked push leaves nothing in memory: its {@code pushAsync} future completes
 * as {@code SPOOLED} and its visitor context (never written to disk) is dropped, so memory
 * stays within the queue's limits whatever the push form. A disk problem never loses what is
 * in hand: the push is kept in memory only, and waits, like a flush barrier, behind the
 * parked records accepted before it, so that acceptance order holds.
 */
final class SpoolJournal implements Journal {

	private static final Logger logger = LoggerFactory.getLogger(PushSender.class);

	private static final Duration READ_BACK_RETRY = Duration.ofSeconds(1);

	/** How many parked pushes a probe's read-back may step over before it gives up. */
	private static final int MAX_PROBE_SKIPPED = 1024;

	static final String PARKED = "kept in the spool while VWO is unreachable or memory is short; delivered from there "
			+ "(its final outcome is counted in vwo.push.dimensions)";

	private final DiskSpool disk;

	private final DeliveryConfig config;

	private final ThrottledLogger failureLog;

	/**
	 * What stays in memory but was accepted after parked records (flush barriers, pushes the
	 * disk refused), in acceptance order: each is staged once every record parked before it
	 * is back in memory.
	 */
	private final ArrayDeque<Waiting> behindParked = new ArrayDeque<>();

	/** Sequence number of the last push written to disk, by this process or an earlier one, or -1. */
	private long lastAppendedSeq = -1;

	/** The spool sequence of the probe that came back beyond the memory window and is not final yet, or -1. */
	private long probeBeyondWindowSeq = -1;

	/** What was held in memory when read-back last found no room, so that it is not tried again until less is. */
	private long refusedAtDimensions = -1;

	private long refusedAtBytes = -1;

	private long lastTakeNanos;

	/** After a failed read-back, when to try again. */
	private long readBackRetryAtNanos = System.nanoTime();

	private long lastProblemLogNanos;

	private volatile boolean closed;

	SpoolJournal(DiskSpool disk, DeliveryConfig config, ThrottledLogger failureLog) {
		this.disk = disk;
		// What a previous process left comes before anything this one takes.
		this.lastAppendedSeq = disk.newestSeq();
		this.config = config;
		this.failureLog = failureLog;
	}

	/**
	 * The journal the configuration asks for: the spool when it is on and can be opened, else memory only.
	 * @throws IllegalStateException when another spool holds the directory
	 */
	static Journal open(DeliveryConfig config, DeliveryListener listener, ThrottledLogger failureLog,
			SpoolOpener opener) {
		DeliveryConfig.Spool spool = config.spool();
		if (spool == null) {
			return new MemoryJournal();
		}
		try {
			DiskSpool opened = opener.open(spool.directory(), spool.maxBytes());
			if (opened.recoveredDimensions() > 0) {
				listener.dimensionsRecovered(opened.recoveredDimensions());
				logger.info("VWO push spool: recovered {} undelivered dimension(s) from a previous run",
						opened.recoveredDimensions());
			}
			return new SpoolJournal(opened, config, failureLog);
		}
		catch (SpoolLockedException ex) {
			// Two spools in one directory would interleave writes and delete each other's segments.
			throw new IllegalStateException(ex.getMessage(), ex);
		}
		catch (IOException | RuntimeException ex) {
			logger.error("VWO push spool cannot be opened in {}; continuing without it (nothing is written to disk)",
					spool.directory(), ex);
			return new MemoryJournal();
		}
	}

	@Override
	public void take(PushQueue queue, BatchAssembler staged, Settlement settlement) {
		QueueItem item;
		while ((item = queue.poll()) != null) {
			// While older pushes are parked, newer ones are parked behind them, so that read-back keeps
			// acceptance order: a user key's newer value must never go before an older one still on disk.
			boolean behindParked = this.disk.parkedDimensions() > 0 || !this.behindParked.isEmpty();
			if (item instanceof QueuedPush push && !append(push, settlement)) {
				continue;
			}
			if (behindParked && item instanceof QueuedPush push && push.spoolSeq >= 0) {
				park(push, queue, settlement);
			}
			else if (behindParked) {
				// A flush, or a push the disk refused, waits until what was parked before it is back in memory.
				this.behindParked.addLast(new Waiting(item, this.lastAppendedSeq));
			}
			else {
				staged.add(item);
			}
		}
		try {
			this.disk.sync();
		}
		catch (IOException ex) {
			problem("cannot sync the spool (" + ex.getClass().getSimpleName()
					+ "): recent pushes may not survive a crash");
		}
		this.lastTakeNanos = System.nanoTime();
		parkBeyondWindow(staged, queue, settlement);
	}

	/** @return {@code false} when the push was settled instead (spool full) */
	private boolean append(QueuedPush push, Settlement settlement) {
		try {
			push.spoolSeq = this.disk.append(push.userId, push.acceptedAtMillis, push.keys, push.values, push.types);
			this.lastAppendedSeq = push.spoolSeq;
			return true;
		}
		catch (SpoolFullException ex) {
			this.failureLog.warn(PushReason.SPOOL_FULL, push.size(), ex::getMessage);
			settlement.finish(new Slice(push, 0, push.size()), PushReason.SPOOL_FULL, ex.getMessage());
			return false;
		}
		catch (IOException ex) {
			problem("cannot write to the spool (" + ex.getClass().getSimpleName() + "); pushes are kept in memory only");
			return true;
		}
	}

	@Override
	public long nextTakeNanos(PushQueue queue, long nowNanos) {
		// A flush, or a full batch, must not wait for the sync interval.
		if (queue.hasBarrier() || queue.size() >= this.config.maxEvents()) {
			return nowNanos;
		}
		return this.lastTakeNanos + this.config.spool().syncInterval().toNanos();
	}

	private boolean beyondMemoryWindow(PushQueue queue, int extraDimensions, long extraBytes) {
		return queue.held() + extraDimensions > memoryWindow()
				|| queue.bytes() + extraBytes > memoryWindowBytes();
	}

	/** Dimensions held in memory beyond which pushes are parked: half the queue, the rest for new pushes. */
	private int memoryWindow() {
		return Math.max(1, this.config.queueCapacity() / 2);
	}

	private long memoryWindowBytes() {
		return this.config.queueMaxBytes() / 2;
	}

	private boolean beyondQueue(PushQueue queue, int extraDimensions, long extraBytes) {
		return queue.held() + extraDimensions > this.config.queueCapacity()
				|| queue.bytes() + extraBytes > this.config.queueMaxBytes();
	}

	/** Keep on disk only the newest pushes beyond the memory window; {@link #readBack} brings them back. */
	private void parkBeyondWindow(BatchAssembler staged, PushQueue queue, Settlement settlement) {
		while (beyondMemoryWindow(queue, 0, 0)) {
			QueuedPush newest = staged.pollNewestUntaken();
			if (newest == null) {
				return;
			}
			if (newest.spoolSeq < 0) {
				// Not on disk (a write failed): it stays in memory.
				staged.add(newest);
				return;
			}
			park(newest, queue, settlement);
		}
	}

	/**
	 * Leave the push on disk only. Nothing of it may stay on the heap, or parking would not
	 * bound memory: its future completes now, and its visitor context, which the spool never
	 * keeps, goes as it would at a restart.
	 */
	private void park(QueuedPush push, PushQueue queue, Settlement settlement) {
		if (push.spoolSeq == this.probeBeyondWindowSeq) {
			this.probeBeyondWindowSeq = -1;
		}
		this.disk.park(push.spoolSeq);
		if (push.completion != null) {
			settlement.complete(push, 0, push.size(), PushReason.SPOOLED, PARKED);
		}
		queue.release(push.size(), push.estimatedBytes);
	}

	@Override
	public boolean canReadBack(BatchAssembler staged, PushQueue queue, boolean vwoAnswers) {
		if (!vwoAnswers || System.nanoTime() - this.readBackRetryAtNanos < 0) {
			return false;
		}
		if (this.disk.parkedDimensions() == 0) {
			return !this.behindParked.isEmpty();
		}
		// Pushes the disk refused wait in memory behind the parked records and may fill the window alone: with
		// nothing staged, one record comes back whatever the window, so that they cannot stall read-back.
		if (staged.isEmpty() && !this.behindParked.isEmpty()) {
			return true;
		}
		boolean roomSinceRefused = this.refusedAtDimensions < 0 || queue.held() < this.refusedAtDimensions
				|| queue.bytes() < this.refusedAtBytes;
		return roomSinceRefused && !beyondMemoryWindow(queue, 1, 0);
	}

	/**
	 * Bring parked pushes back from disk while VWO answers and the memory window has room,
	 * in dimensions and in bytes; a record that does not fit stays on disk unread.
	 */
	@Override
	public void readBack(BatchAssembler staged, PushQueue queue, boolean vwoAnswers) {
		if (!canReadBack(staged, queue, vwoAnswers)) {
			return;
		}
		long[] admitted = { 0, 0 };
		read(staged, queue, (record) -> {
			int dimensions = record.keys().length;
			long bytes = QueuedPush.estimateBytes(record.userId(), record.keys(), record.values());
			// At least one when nothing else would ever free memory for it: nothing held at all (one push larger
			// than the window would stall it), or only what waits in memory behind the parked records. Requests
			// in flight free their memory when answered, so beside them the window is kept.
			boolean alone = admitted[0] == 0 && staged.isEmpty() && (queue.held() == 0 || !this.behindParked.isEmpty());
			if (!alone && beyondMemoryWindow(queue, (int) admitted[0] + dimensions, admitted[1] + bytes)) {
				return false;
			}
			admitted[0] += dimensions;
			admitted[1] += bytes;
			return true;
		});
	}

	@Override
	public boolean hasParked() {
		return this.disk.parkedDimensions() > 0 && System.nanoTime() - this.readBackRetryAtNanos >= 0;
	}

	/**
	 * Read one parked push back, though VWO is not answering: a failed request waits for a
	 * probe, and nothing in memory can be one. Only a push that can go now is a probe: one
	 * whose user keys a failed request or a push in memory waits for (poison requests hold
	 * theirs) stays parked, and so, for order, does every later push of its keys, while a later
	 * push of other keys comes back (seeds 20007 and 40663). A probe comes back within the
	 * memory window if one fits there; else one push may come back beyond it, within the whole
	 * queue, until it is final: what memory holds (poison requests, pushes waiting for their
	 * keys) frees nothing until a probe succeeds, so a window it fills would stop delivery for
	 * good (seed 60850). Memory stays within the window plus that one push; the rest of the
	 * queue is for new pushes, which an outage must not drop. (Where no parked push among the
	 * next {@value #MAX_PROBE_SKIPPED} can go and fit, none comes back: README's delivery
	 * section names that limit.)
	 */
	@Override
	public boolean readBackForProbe(BatchAssembler staged, PushQueue queue, Predicate<UserKey> held) {
		if (!hasParked()) {
			return false;
		}
		Set<UserKey> waiting = staged.userKeys();
		Predicate<UserKey> blocked = (key) -> held.test(key) || waiting.contains(key);
		if (readOneProbe(staged, queue, blocked, (record) -> fitsAsProbe(record, queue)) >= 0) {
			return true;
		}
		if (this.probeBeyondWindowSeq >= 0) {
			return false;
		}
		this.probeBeyondWindowSeq = readOneProbe(staged, queue, blocked, (record) -> !beyondQueue(queue,
				record.keys().length, QueuedPush.estimateBytes(record.userId(), record.keys(), record.values())));
		return this.probeBeyondWindowSeq >= 0;
	}

	/**
	 * Read back the first parked push that can go and {@code fits}, stepping over the rest.
	 * @return its spool sequence number, or -1 when none came back
	 */
	private long readOneProbe(BatchAssembler staged, PushQueue queue, Predicate<UserKey> blocked,
			Predicate<SpooledPush> fits) {
		ProbeSkip skip = new ProbeSkip(blocked, fits.negate());
		long[] admitted = { -1 };
		read(staged, queue, skip, (record) -> {
			if (admitted[0] >= 0 || skip.exhausted) {
				return false;
			}
			admitted[0] = record.seq();
			return true;
		});
		return admitted[0];
	}

	/**
	 * Whether a parked push fits in memory as a probe: within the window, or, for a push
	 * larger than the window itself, within the whole queue (seed 20109: the failed request
	 * holds memory until a probe succeeds, so the window would never have room for it).
	 */
	private boolean fitsAsProbe(SpooledPush record, PushQueue queue) {
		int dimensions = record.keys().length;
		long bytes = QueuedPush.estimateBytes(record.userId(), record.keys(), record.values());
		boolean larger = dimensions > memoryWindow() || bytes > memoryWindowBytes();
		return larger ? !beyondQueue(queue, dimensions, bytes) : !beyondMemoryWindow(queue, dimensions, bytes);
	}

	private void read(BatchAssembler staged, PushQueue queue, Predicate<SpooledPush> admit) {
		read(staged, queue, null, admit);
	}

	/** @param skip what a probe steps over, or {@code null} to read in order */
	private void read(BatchAssembler staged, PushQueue queue, @Nullable ProbeSkip skip, Predicate<SpooledPush> admit) {
		try {
			List<SpooledPush> records = (skip != null) ? this.disk.readParked(skip, admit) : this.disk.readParked(admit);
			long firstSkippedSeq = (skip != null) ? skip.firstSkippedSeq : Long.MAX_VALUE;
			if (records.isEmpty() && this.disk.parkedDimensions() > 0) {
				// The next record does not fit: reading segments again before memory frees up would find the same.
				this.refusedAtDimensions = queue.held();
				this.refusedAtBytes = queue.bytes();
			}
			else {
				this.refusedAtDimensions = -1;
			}
			for (SpooledPush record : records) {
				// What waits in memory behind a record stepped over stays behind it.
				stageWaitingBefore(Math.min(record.seq(), firstSkippedSeq), staged);
				QueuedPush push = new QueuedPush(record.userId(), record.keys(), record.values(), record.types(),
						record.acceptedAtMillis(), monotonicOf(record.acceptedAtMillis()), null);
				push.spoolSeq = record.seq();
				queue.reserve(push.size(), push.estimatedBytes);
				staged.add(push);
			}
			stageWaitingBefore(this.disk.oldestParkedSeq(), staged);
		}
		catch (IOException ex) {
			// Not in a loop: the next attempt waits, so an unreadable segment cannot make the sender spin.
			this.readBackRetryAtNanos = System.nanoTime() + READ_BACK_RETRY.toNanos();
			problem("cannot read parked pushes back (" + ex.getClass().getSimpleName() + "); trying again in "
					+ READ_BACK_RETRY.toSeconds() + "s");
		}
	}

	/** Stage what waited in memory for the parked records accepted before it, up to {@code seq}. */
	private void stageWaitingBefore(long seq, BatchAssembler staged) {
		while (!this.behindParked.isEmpty() && this.behindParked.peekFirst().afterSeq() < seq) {
			staged.add(this.behindParked.pollFirst().item());
		}
	}

	@Override
	public boolean awaitsReadBackRetry(long nowNanos, boolean vwoAnswers) {
		return vwoAnswers && this.disk.parkedDimensions() > 0 && this.readBackRetryAtNanos - nowNanos > 0;
	}

	@Override
	public long readBackRetryAtNanos() {
		return this.readBackRetryAtNanos;
	}

	/** A wall-clock time of the past, as a monotonic time: how long ago it was, counted back from now. */
	private static long monotonicOf(long pastMillis) {
		long ageMillis = Math.max(0, System.currentTimeMillis() - pastMillis);
		return System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(ageMillis);
	}

	@Override
	public void acknowledge(QueuedPush push) {
		if (push.spoolSeq == this.probeBeyondWindowSeq) {
			this.probeBeyondWindowSeq = -1;
		}
		if (push.spoolSeq < 0 || this.closed) {
			return;
		}
		try {
			this.disk.ack(push.spoolSeq);
		}
		catch (IOException ex) {
			// Not acknowledged: the next start replays it, a duplicate at worst.
			logger.debug("Cannot acknowledge a spooled push", ex);
		}
	}

	@Override
	public boolean keeps(QueuedPush push) {
		return push.spoolSeq >= 0 && !this.closed;
	}

	@Override
	public boolean retriesUntilDelivered() {
		return true;
	}

	@Override
	public long parkedDimensions() {
		return this.closed ? 0 : this.disk.parkedDimensions();
	}

	@Override
	public long sizeBytes() {
		return this.closed ? 0 : this.disk.sizeBytes();
	}

	@Override
	public long close(Settlement settlement) {
		long parked = this.disk.parkedDimensions();
		try {
			if (parked > 0) {
				settlement.countSpooled(parked);
			}
			// Pushes the disk refused are in memory only: they go with the process.
			for (Waiting waiting : this.behindParked) {
				if (waiting.item() instanceof QueuedPush push) {
					settlement.leaveAtShutdown(new Slice(push, 0, push.size()));
				}
			}
		}
		finally {
			// Parked dimensions are now counted as spooled: the gauge must not show them a second time.
			this.closed = true;
			try {
				this.disk.close();
			}
			catch (IOException | RuntimeException ex) {
				logger.warn("Cannot close the VWO push spool cleanly ({}); the next start recovers what it can",
						ex.getClass().getSimpleName());
			}
			// Everything before them is final now: in the spool, or settled by the sender.
			for (Waiting waiting : this.behindParked) {
				if (waiting.item() instanceof FlushBarrier barrier) {
					barrier.release();
				}
			}
			this.behindParked.clear();
		}
		return parked;
	}

	@Override
	public void abandon() {
		this.closed = true;
		this.disk.abandon();
	}

	/** A disk problem with the spool, logged at most once per logging interval. */
	private void problem(String message) {
		long now = System.nanoTime();
		if (this.lastProblemLogNanos == 0 || now - this.lastProblemLogNanos >= this.config.logInterval().toNanos()) {
			this.lastProblemLogNanos = now;
			logger.warn("VWO push spool: {}", message);
		}
	}

	/**
	 * Which parked records a probe's read-back steps over: those with a user key that cannot
	 * go now or that do not fit, and every later one sharing a key with a record stepped over;
	 * at most {@value #MAX_PROBE_SKIPPED}, so that a full window does not make each probe read
	 * the whole spool.
	 */
	private static final class ProbeSkip implements Predicate<SpooledPush> {

		private final BlockedKeys blocked;

		private final Predicate<SpooledPush> unfit;

		private int skipped;

		long firstSkippedSeq = Long.MAX_VALUE;

		/** Stepped over as many as it may: the read stops at the next record. */
		boolean exhausted;

		ProbeSkip(Predicate<UserKey> held, Predicate<SpooledPush> unfit) {
			this.blocked = new BlockedKeys(held);
			this.unfit = unfit;
		}

		@Override
		public boolean test(SpooledPush record) {
			if (!this.blocked.blocks(record.userId(), record.keys(), 0) && !this.unfit.test(record)) {
				return false;
			}
			if (this.skipped >= MAX_PROBE_SKIPPED) {
				this.exhausted = true;
				return false;
			}
			this.skipped++;
			this.blocked.stepOver(record.userId(), record.keys(), 0);
			this.firstSkippedSeq = Math.min(this.firstSkippedSeq, record.seq());
			return true;
		}

	}

	/** An item kept in memory behind the parked records up to {@code afterSeq}. */
	private record Waiting(QueueItem item, long afterSeq) {
	}

}
