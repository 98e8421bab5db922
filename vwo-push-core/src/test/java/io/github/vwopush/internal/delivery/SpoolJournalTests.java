package io.github.vwopush.internal.delivery;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.protocol.Transport;
import io.github.vwopush.internal.spool.DiskSpool;
import io.github.vwopush.internal.spool.FailingSpools;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The spool journal driven step by step, as the sender thread drives it: what is parked,
 * what waits in memory behind it, and in which order everything comes back.
 */
class SpoolJournalTests {

	@TempDir
	Path directory;

	private final PushCounters counters = new PushCounters();

	private final HeldKeys held = new HeldKeys();

	/** Room for two dimensions: the memory window is one. */
	private final PushQueue queue = new PushQueue(2, 1 << 20, 100);

	private static QueuedPush push(String value) {
		return new QueuedPush("u", new String[] { "plan" }, new String[] { value }, 0, 0, null);
	}

	/** A push of the user's keys a, b, c… valued 1, 2, 3…, {@code dimensions} of them. */
	private static QueuedPush pushOf(String userId, int dimensions) {
		String[] keys = new String[dimensions];
		String[] values = new String[dimensions];
		for (int i = 0; i < dimensions; i++) {
			keys[i] = String.valueOf((char) ('a' + i));
			values[i] = String.valueOf(i + 1);
		}
		return new QueuedPush(userId, keys, values, 0, 0, null);
	}

	private static QueuedPush pushOf(String userId, String key, String value) {
		return new QueuedPush(userId, new String[] { key }, new String[] { value }, 0, 0, null);
	}

	/** The journal's state as the sender holds it. */
	private record Parked(PushQueue queue, SpoolJournal journal, Settlement settlement, BatchAssembler staged) {
	}

	/**
	 * A spool journal for a configured queue of {@code queueCapacity} (a window of half that),
	 * whose window {@code inWindow} fills, so that {@code parked}, taken next, is parked.
	 */
	private Parked parkedBehind(int queueCapacity, QueuedPush inWindow, QueuedPush... parked) throws Exception {
		// Room to offer everything at once.
		PushQueue queue = new PushQueue(2 * queueCapacity, 1 << 20, 100);
		SpoolJournal journal = journal(DiskSpool.open(this.directory, 1 << 26), queueCapacity);
		Settlement settlement = settlement(journal, queue);
		BatchAssembler staged = new BatchAssembler();
		queue.offer(inWindow);
		journal.take(queue, staged, settlement);
		for (QueuedPush push : parked) {
			queue.offer(push);
		}
		journal.take(queue, staged, settlement);
		return new Parked(queue, journal, settlement, staged);
	}

	private Settlement settlement(Journal journal) {
		return settlement(journal, this.queue);
	}

	private Settlement settlement(Journal journal, PushQueue queue) {
		return new Settlement(queue, this.counters, journal, this.held,
				new RetryPolicy(Duration.ofMinutes(1), 0, Duration.ofMillis(1), Duration.ofMillis(1), Duration.ofMillis(1)),
				Runnable::run, new ThrottledLogger(LoggerFactory.getLogger(SpoolJournalTests.class), Duration.ofMinutes(1)));
	}

	private SpoolJournal journal(DiskSpool disk) {
		return journal(disk, 2);
	}

	private SpoolJournal journal(DiskSpool disk, int queueCapacity) {
		DeliveryConfig config = new DeliveryConfig(Transport.BATCH, 100, Duration.ofMillis(5), 1, queueCapacity, 1 << 20,
				Duration.ofSeconds(1), false, Duration.ofMinutes(1),
				new DeliveryConfig.Spool(this.directory, 64L * 1024 * 1024, Duration.ofMillis(5)));
		return new SpoolJournal(disk, config, new ThrottledLogger(LoggerFactory.getLogger(SpoolJournalTests.class),
				Duration.ofMinutes(1)));
	}

	@Test
	void aPushTheDiskRefusedWaitsBehindTheRecordsParkedBeforeIt() throws Exception {
		// The size of two records: the disk fills up at the third.
		Path probe = Files.createDirectory(this.directory.resolve("probe"));
		long twoRecords;
		try (DiskSpool sizing = DiskSpool.open(probe, 1 << 20)) {
			sizing.append("u", 0, new String[] { "plan" }, new String[] { "gold" });
			sizing.append("u", 0, new String[] { "plan" }, new String[] { "silver" });
			twoRecords = sizing.sizeBytes();
		}
		Path spool = Files.createDirectory(this.directory.resolve("spool"));
		SpoolJournal journal = journal(FailingSpools.fullAfter(spool, twoRecords));
		Settlement settlement = settlement(journal);
		BatchAssembler staged = new BatchAssembler();
		this.queue.offer(push("gold"));
		this.queue.offer(push("silver"));
		// Beyond the memory window: silver is parked.
		journal.take(this.queue, staged, settlement);
		assertThat(journal.parkedDimensions()).isEqualTo(1);
		this.queue.offer(push("bronze"));
		// The disk is full: bronze stays in memory, and must not overtake silver.
		journal.take(this.queue, staged, settlement);
		List<String> sent = new ArrayList<>();
		for (int step = 0; step < 10 && sent.size() < 3; step++) {
			List<Slice> slices = staged.take(1, false, this.held::contains);
			if (!slices.isEmpty()) {
				this.held.hold(slices);
				sent.add(slices.get(0).push.values[0]);
				settlement.finish(slices, PushReason.DELIVERED, "200");
			}
			journal.readBack(staged, this.queue, true);
		}
		assertThat(sent).containsExactly("gold", "silver", "bronze");
		journal.close(settlement);
	}

	/**
	 * A probe is only a probe if it can go: the oldest parked push's user key waits for a
	 * poison request, so it stays parked, and so does a later push of that key (for order),
	 * while the next push of another user comes back (fault schedules, seed 20007: the window
	 * full of poison requests and pushes waiting for their keys, and the next parked push one
	 * of them, so that nothing was ever compared with the poison).
	 */
	@Test
	void aProbeStepsOverParkedPushesThatWaitForAFailedRequestsKeys() throws Exception {
		// x fills the memory window (2, half of a configured queue of 4): what follows is parked.
		Parked spool = parkedBehind(4, pushOf("x", 2),
				new QueuedPush("u", new String[] { "plan", "tier" }, new String[] { "gold", "1" }, 0, 0, null),
				pushOf("u", "tier", "2"), pushOf("p", "plan", "silver"));
		PushQueue queue = spool.queue();
		SpoolJournal journal = spool.journal();
		BatchAssembler staged = spool.staged();
		assertThat(journal.parkedDimensions()).isEqualTo(4);
		QueuedPush inMemory = (QueuedPush) staged.pollFirst();
		queue.release(inMemory.size(), inMemory.estimatedBytes);
		// A poison request holds u's plan; u's tier=2 must stay behind tier=1, parked with it.
		Predicate<UserKey> poisonHolds = (key) -> key.equals(new UserKey("u", "plan"));
		assertThat(journal.readBackForProbe(staged, queue, poisonHolds)).isTrue();
		assertThat(staged.dimensions()).isEqualTo(1);
		assertThat(((QueuedPush) staged.pollFirst()).values).containsExactly("silver");
		assertThat(journal.parkedDimensions()).isEqualTo(3);
		journal.close(spool.settlement());
	}

	/**
	 * Poison requests waiting for a probe hold 3 dimensions of a queue of 20 (a window of
	 * 10); the oldest parked push has 8, which does not fit beside them, and nothing frees
	 * memory until a probe succeeds: a later parked push of other keys that fits must come
	 * back instead, while the large one, and a later push of one of its keys, stay parked for
	 * order (fault schedules' deep run, seed 40663: the poison was never compared with
	 * anything and all delivery stopped). The window is kept.
	 */
	@Test
	void aParkedPushThatDoesNotFitBesidePoisonRequestsIsSteppedOverForOneThatDoes() throws Exception {
		// Fill the window so that what follows is parked, then free it but for the poison requests' 3.
		Parked spool = parkedBehind(20, pushOf("x", 10), pushOf("u", 8), pushOf("u", "h", "9"), pushOf("p", 2));
		PushQueue queue = spool.queue();
		SpoolJournal journal = spool.journal();
		BatchAssembler staged = spool.staged();
		assertThat(journal.parkedDimensions()).isEqualTo(11);
		QueuedPush inMemory = (QueuedPush) staged.pollFirst();
		queue.release(inMemory.size(), inMemory.estimatedBytes);
		queue.reserve(3, 300);
		assertThat(journal.readBackForProbe(staged, queue, (key) -> false)).isTrue();
		assertThat(((QueuedPush) staged.pollFirst()).userId).isEqualTo("p");
		assertThat(journal.parkedDimensions()).isEqualTo(9);
		assertThat(queue.held()).isEqualTo(5);
		journal.close(spool.settlement());
	}

	/**
	 * Poison requests and pushes waiting for their keys fill the memory window, and nothing
	 * frees memory until a probe succeeds: one parked push must come back beyond the window
	 * as the probe, but only one until it is final, so that memory stays within the window
	 * plus that push (fault schedules' deep run, seed 60850: a 17-dimension window full, no
	 * parked push fitted, and all delivery stopped until a restart).
	 */
	@Test
	void whenPoisonFillsTheMemoryWindowOneParkedPushAtATimeComesBackBeyondItAsAProbe() throws Exception {
		Parked spool = parkedBehind(20, pushOf("x", 10), pushOf("p", 2), pushOf("q", 1));
		PushQueue queue = spool.queue();
		SpoolJournal journal = spool.journal();
		Settlement settlement = spool.settlement();
		BatchAssembler staged = spool.staged();
		assertThat(journal.parkedDimensions()).isEqualTo(3);
		// The window's 10 dimensions are held by poison requests: nothing parked fits within it.
		Predicate<UserKey> poisonHolds = (key) -> key.userId().equals("x");
		QueuedPush poison = (QueuedPush) staged.pollFirst();
		assertThat(journal.readBackForProbe(staged, queue, poisonHolds)).isTrue();
		QueuedPush probe = (QueuedPush) staged.pollFirst();
		assertThat(probe.userId).isEqualTo("p");
		assertThat(queue.held()).isEqualTo(12);
		// One beyond the window at a time: q stays parked while p's probe is not final.
		assertThat(journal.readBackForProbe(staged, queue, poisonHolds)).isFalse();
		assertThat(journal.parkedDimensions()).isEqualTo(1);
		settlement.finish(new Slice(probe, 0, probe.size()), PushReason.DELIVERED, "200");
		assertThat(journal.readBackForProbe(staged, queue, poisonHolds)).isTrue();
		assertThat(((QueuedPush) staged.pollFirst()).userId).isEqualTo("q");
		assertThat(queue.held()).isEqualTo(11);
		settlement.finish(new Slice(poison, 0, poison.size()), PushReason.POISON, "400");
		journal.close(settlement);
	}

	/**
	 * A failed request waits for a probe and holds its memory; the next parked push is larger
	 * than the memory window (half the queue) on its own: it must still come back as the
	 * probe while the queue has room, or it and everything parked behind it would wait for
	 * good (fault schedules, seed 20109: a nine-dimension push, a queue of 17).
	 */
	@Test
	void aParkedPushLargerThanTheMemoryWindowStillComesBackAsAProbe() throws Exception {
		PushQueue queue = new PushQueue(4, 1 << 20, 100);
		SpoolJournal journal = journal(DiskSpool.open(this.directory, 64L * 1024 * 1024), 4);
		Settlement settlement = settlement(journal);
		BatchAssembler staged = new BatchAssembler();
		queue.offer(pushOf("u", 3));
		journal.take(queue, staged, settlement);
		assertThat(journal.parkedDimensions()).isEqualTo(3);
		// The failed request's one dimension, held until a probe succeeds.
		queue.reserve(1, 100);
		assertThat(journal.readBackForProbe(staged, queue, (key) -> false)).isTrue();
		assertThat(journal.parkedDimensions()).isZero();
		assertThat(staged.dimensions()).isEqualTo(3);
		journal.close(settlement);
	}

}
