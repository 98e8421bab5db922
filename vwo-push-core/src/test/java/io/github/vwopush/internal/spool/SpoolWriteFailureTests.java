package io.github.vwopush.internal.spool;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * Writes that fail part-way, as on a full disk, through {@link DiskFullChannel}: the spool
 * never appends after a partial record or a partial ack entry, and a failed call changes
 * nothing.
 */
class SpoolWriteFailureTests {

	private static final String VALUE = "v".repeat(100);

	/** Every record of these tests has this size: the user ids all have the same length. */
	private static final long RECORD = SpoolRecordCodec
		.encode(0, "user-0", 1000L, new String[] { "key" }, new String[] { VALUE }, null)
		.remaining();

	private static final long MAX_BYTES = 1 << 20;

	@TempDir
	Path directory;

	@Test
	void aWriteThatFailsHalfwayIsCutOffAndLaterRecordsFollowTheGoodOnes() throws Exception {
		TestChannels channels = new TestChannels().failing(log(0), 3 * RECORD + RECORD / 2, 0);
		try (DiskSpool spool = DiskSpool.open(this.directory, MAX_BYTES, channels)) {
			for (int i = 0; i < 3; i++) {
				assertThat(append(spool, i)).isEqualTo(i);
			}
			assertThatIOException().isThrownBy(() -> append(spool, 3));
			assertThat(spool.sizeBytes()).isEqualTo(3 * RECORD);
			for (int i = 4; i < 10; i++) {
				assertThat(append(spool, i)).as("the failed append used no sequence number").isEqualTo(i - 1);
			}
			LongStream.range(0, 9).forEach(spool::park);
			assertThat(spool.readParked(100)).extracting(SpooledPush::userId).containsExactly(usersButThree());
			spool.sync();
		}
		assertThat(Files.size(this.directory.resolve(log(0)))).isEqualTo(9 * RECORD);
		try (DiskSpool reopened = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(reopened.corruptBytes()).isZero();
			assertThat(reopened.recoveredRecords()).isEqualTo(9);
			assertThat(reopened.readParked(100)).extracting(SpooledPush::userId).containsExactly(usersButThree());
		}
	}

	@Test
	void aFailedWriteThatCannotBeCutOffEndsItsSegment() throws Exception {
		TestChannels channels = new TestChannels().failing(log(0), 3 * RECORD + RECORD / 2, 1);
		try (DiskSpool spool = DiskSpool.open(this.directory, MAX_BYTES, channels)) {
			for (int i = 0; i < 3; i++) {
				append(spool, i);
			}
			assertThatIOException().isThrownBy(() -> append(spool, 3));
			for (int i = 4; i < 10; i++) {
				assertThat(append(spool, i)).isEqualTo(i - 1);
			}
			assertThat(spool.sizeBytes()).isEqualTo(9 * RECORD);
			LongStream.range(0, 9).forEach(spool::park);
			assertThat(spool.readParked(100)).extracting(SpooledPush::userId).containsExactly(usersButThree());
			spool.sync();
		}
		assertThat(segmentFiles()).containsExactlyInAnyOrder(log(0), log(3));
		assertThat(Files.size(this.directory.resolve(log(0)))).isEqualTo(3 * RECORD + RECORD / 2);
		assertThat(Files.size(this.directory.resolve(log(3)))).isEqualTo(6 * RECORD);
		try (DiskSpool reopened = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(reopened.corruptBytes()).as("the half record left in the ended segment")
				.isEqualTo(RECORD / 2);
			assertThat(reopened.recoveredRecords()).isEqualTo(9);
			assertThat(reopened.readParked(100)).extracting(SpooledPush::userId).containsExactly(usersButThree());
		}
	}

	@Test
	void aFirstRecordThatCannotBeCutOffLeavesNothingBehind() throws Exception {
		TestChannels channels = new TestChannels().failing(log(0), RECORD / 2, 1);
		try (DiskSpool spool = DiskSpool.open(this.directory, MAX_BYTES, channels)) {
			assertThatIOException().isThrownBy(() -> append(spool, 0));
			assertThat(append(spool, 1)).isZero();
			spool.sync();
		}
		try (DiskSpool reopened = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(reopened.corruptBytes()).isZero();
			assertThat(reopened.readParked(100)).extracting(SpooledPush::userId).containsExactly("user-1");
		}
		assertThat(Files.size(this.directory.resolve(log(0)))).isEqualTo(RECORD);
	}

	@Test
	void aFailedAckChangesNothing() throws Exception {
		TestChannels channels = new TestChannels().failing(acks(0), 2, 0);
		try (DiskSpool spool = DiskSpool.open(this.directory, MAX_BYTES, channels)) {
			for (int i = 0; i < 3; i++) {
				append(spool, i);
			}
			spool.park(1);
			assertThatIOException().isThrownBy(() -> spool.ack(0));
			assertThat(spool.parkedDimensions()).isEqualTo(1);
			assertThat(spool.sizeBytes()).isEqualTo(3 * RECORD);
			assertThat(spool.readParked(100)).as("record 0 is still held in memory: not read back")
				.extracting(SpooledPush::userId)
				.containsExactly("user-1");
			spool.ack(2);
			spool.sync();
		}
		assertThat(Files.size(this.directory.resolve(acks(0)))).isEqualTo(4);
		try (DiskSpool reopened = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(reopened.readParked(100)).as("record 0 was never acknowledged: replayed")
				.extracting(SpooledPush::userId)
				.containsExactly("user-0", "user-1");
		}
	}

	@Test
	void aFailedAckThatCannotBeCutOffIsCutOffBeforeTheNextAck() throws Exception {
		TestChannels channels = new TestChannels().failing(acks(0), 2, 2);
		try (DiskSpool spool = DiskSpool.open(this.directory, MAX_BYTES, channels)) {
			for (int i = 0; i < 4; i++) {
				append(spool, i);
			}
			assertThatIOException().isThrownBy(() -> spool.ack(0));
			assertThatIOException().as("still cannot cut the partial entry off: nothing is appended after it")
				.isThrownBy(() -> spool.ack(2));
			spool.ack(2);
			spool.sync();
		}
		assertThat(Files.size(this.directory.resolve(acks(0)))).isEqualTo(4);
		try (DiskSpool reopened = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(reopened.readParked(100)).extracting(SpooledPush::userId)
				.containsExactly("user-0", "user-1", "user-3");
		}
	}

	private static long append(DiskSpool spool, int user) throws Exception {
		return spool.append("user-" + user, 1000L, new String[] { "key" }, new String[] { VALUE });
	}

	private static String[] usersButThree() {
		return new String[] { "user-0", "user-1", "user-2", "user-4", "user-5", "user-6", "user-7", "user-8",
				"user-9" };
	}

	private static String log(long baseSeq) {
		return String.format("segment-%020d.log", baseSeq);
	}

	private static String acks(long baseSeq) {
		return String.format("segment-%020d.acks", baseSeq);
	}

	private List<String> segmentFiles() throws Exception {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.map((f) -> f.getFileName().toString()).filter((name) -> name.startsWith("segment-")).toList();
		}
	}

}
