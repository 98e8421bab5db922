package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import io.github.vwopush.internal.protocol.ValueType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class DiskSpoolTests {

	@TempDir
	Path directory;

	private static long append(DiskSpool spool, String user, String... keyValues) throws Exception {
		String[] keys = new String[keyValues.length / 2];
		String[] values = new String[keyValues.length / 2];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = keyValues[2 * i];
			values[i] = keyValues[2 * i + 1];
		}
		return spool.append(user, 1000L, keys, values);
	}

	@Test
	void unacknowledgedRecordsAreRecoveredInOrderAfterReopen() throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			append(spool, "u1", "plan", "gold", "city", "Zürich \"x\"");
			long second = append(spool, "u2", "plan", "silver");
			append(spool, "ユーザー", "emoji", "😀");
			spool.sync();
			spool.ack(second);
			spool.sync();
		}
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(reopened.recoveredRecords()).isEqualTo(2);
			assertThat(reopened.recoveredDimensions()).isEqualTo(3);
			assertThat(reopened.parkedDimensions()).isEqualTo(3);
			List<SpooledPush> replayed = reopened.readParked(100);
			assertThat(replayed).extracting(SpooledPush::userId).containsExactly("u1", "ユーザー");
			assertThat(replayed.get(0).keys()).containsExactly("plan", "city");
			assertThat(replayed.get(0).values()).containsExactly("gold", "Zürich \"x\"");
			assertThat(replayed.get(0).acceptedAtMillis()).isEqualTo(1000L);
			assertThat(reopened.parkedDimensions()).isZero();
			assertThat(reopened.corruptBytes()).isZero();
			// New records continue the sequence.
			assertThat(append(reopened, "u3", "k", "v")).isEqualTo(3);
		}
	}

	@Test
	void typedValuesKeepTheirTypeAcrossAReopen() throws Exception {
		ValueType[] types = { ValueType.STRING, ValueType.NUMBER, ValueType.BOOLEAN };
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			spool.append("u1", 1000L, new String[] { "plan", "seats", "paid" }, new String[] { "gold", "3", "true" },
					types);
			append(spool, "u2", "plan", "silver");
			spool.sync();
		}
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			List<SpooledPush> replayed = reopened.readParked(100);
			assertThat(replayed).hasSize(2);
			assertThat(replayed.get(0).values()).containsExactly("gold", "3", "true");
			assertThat(replayed.get(0).types()).containsExactly(types);
			assertThat(replayed.get(1).types()).isNull();
			assertThat(reopened.corruptBytes()).isZero();
		}
	}

	@Test
	void aSpoolWrittenBeforeTypedValuesRecoversItsRecords() throws Exception {
		// Records exactly as the version before typed values wrote them (b441670's SpoolRecordCodec), in segment 0.
		ByteBuffer first = preTypedRecord(0, "u1", 1000L, "plan", "gold", "seats", "3");
		ByteBuffer second = preTypedRecord(1, "ユーザー", 2000L, "emoji", "😀");
		byte[] log = new byte[first.remaining() + second.remaining()];
		first.get(log, 0, first.remaining());
		second.get(log, log.length - second.remaining(), second.remaining());
		Files.write(this.directory.resolve(String.format("segment-%020d.log", 0)), log);
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(spool.recoveredRecords()).isEqualTo(2);
			assertThat(spool.corruptBytes()).isZero();
			List<SpooledPush> replayed = spool.readParked(100);
			assertThat(replayed).extracting(SpooledPush::userId).containsExactly("u1", "ユーザー");
			assertThat(replayed.get(0).keys()).containsExactly("plan", "seats");
			assertThat(replayed.get(0).values()).containsExactly("gold", "3");
			assertThat(replayed.get(0).types()).as("strings, as they were pushed").isNull();
			assertThat(replayed.get(1).values()).containsExactly("😀");
			assertThat(replayed.get(1).acceptedAtMillis()).isEqualTo(2000L);
			assertThat(spool.append("u3", 3000L, new String[] { "k" }, new String[] { "v" })).isEqualTo(2);
		}
	}

	/** The record format before typed values, written out here so that a change of the codec cannot hide. */
	private static ByteBuffer preTypedRecord(long seq, String userId, long acceptedAt, String... keyValues)
			throws IOException {
		java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
		try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
			out.writeLong(seq);
			out.writeLong(acceptedAt);
			out.writeUTF(userId);
			out.writeInt(keyValues.length / 2);
			for (String text : keyValues) {
				out.writeUTF(text);
			}
		}
		byte[] payload = bytes.toByteArray();
		java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
		crc.update(payload);
		return ByteBuffer.allocate(8 + payload.length).putInt(payload.length).putInt((int) crc.getValue()).put(payload)
			.flip();
	}

	@Test
	void tornTailIsCutOffAndCountedWithoutFailing() throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			append(spool, "u1", "a", "1");
			append(spool, "u2", "b", "2");
			spool.sync();
		}
		Path log = onlyLog();
		long size = Files.size(log);
		try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "rw")) {
			file.setLength(size - 3);
		}
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(reopened.recoveredRecords()).isEqualTo(1);
			assertThat(reopened.corruptBytes()).isEqualTo(recordBytes("u2", "b", "2") - 3);
			assertThat(reopened.readParked(10)).extracting(SpooledPush::userId).containsExactly("u1");
		}
	}

	@Test
	void corruptBytesAreDetectedByTheChecksum() throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			append(spool, "u1", "a", "1");
			append(spool, "u2", "b", "2");
			spool.sync();
		}
		Path log = onlyLog();
		byte[] bytes = Files.readAllBytes(log);
		bytes[bytes.length - 2] ^= 0x55;
		Files.write(log, bytes);
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(reopened.recoveredRecords()).isEqualTo(1);
			assertThat(reopened.corruptBytes()).isEqualTo(recordBytes("u2", "b", "2"));
		}
		Files.write(log, new byte[] { 0, 0, 0, 9, 1, 2 }, StandardOpenOption.APPEND);
		try (DiskSpool again = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(again.recoveredRecords()).isEqualTo(1);
			assertThat(again.corruptBytes()).isEqualTo(6);
		}
	}

	@ParameterizedTest(name = "{0} byte(s) of the last entry written")
	@ValueSource(ints = { 1, 2, 3 })
	void aTornAckEntryIsCutOffSoThatLaterAcksStayAligned(int tornBytes) throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			for (String user : new String[] { "a", "b", "c", "d", "e" }) {
				append(spool, user, "k", "v");
			}
			spool.ack(0);
			spool.ack(2);
			spool.sync();
		}
		// A crash in the middle of writing the ack of record 3.
		Path acks = this.directory.resolve(String.format("segment-%020d.acks", 0));
		byte[] entry = ByteBuffer.allocate(4).putInt(3).array();
		Files.write(acks, Arrays.copyOf(entry, tornBytes), StandardOpenOption.APPEND);
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(reopened.readParked(10)).extracting(SpooledPush::userId).containsExactly("b", "d", "e");
			reopened.ack(4);
			reopened.sync();
		}
		try (DiskSpool again = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(again.readParked(10)).extracting(SpooledPush::userId).containsExactly("b", "d");
		}
		assertThat(Files.size(acks)).isEqualTo(12);
	}

	@Test
	void anAcksFileLeftWithoutItsLogDoesNotAcknowledgeNewRecords() throws Exception {
		// A crash between deleting a segment's log and its acks file.
		ByteBuffer entries = ByteBuffer.allocate(12).putInt(0).putInt(1).putInt(2);
		Files.write(this.directory.resolve(String.format("segment-%020d.acks", 0)), entries.array());
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(append(spool, "a", "k", "1")).isZero();
			append(spool, "b", "k", "2");
			spool.sync();
		}
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(reopened.readParked(10)).extracting(SpooledPush::userId).containsExactly("a", "b");
		}
	}

	@Test
	void parkedRecordsAreReadBackOldestFirst() throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			long a = append(spool, "a", "k", "1");
			long b = append(spool, "b", "k", "2");
			long c = append(spool, "c", "k", "3");
			spool.park(c);
			spool.park(a);
			assertThat(spool.parkedDimensions()).isEqualTo(2);
			assertThat(spool.readParked(1)).extracting(SpooledPush::seq).containsExactly(a);
			assertThat(spool.readParked(10)).extracting(SpooledPush::seq).containsExactly(c);
			spool.ack(b);
			assertThat(spool.readParked(10)).isEmpty();
		}
	}

	@Test
	void aSecondAckOfTheSameRecordChangesNothing() throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			long a = append(spool, "a", "k", "1");
			long b = append(spool, "b", "k", "2");
			spool.park(a);
			spool.park(b);
			spool.ack(a);
			spool.ack(a);
			assertThat(spool.parkedDimensions()).isEqualTo(1);
			assertThat(spool.sizeBytes()).isEqualTo(recordBytes("a", "k", "1") + recordBytes("b", "k", "2") + 4);
			assertThat(spool.readParked(10)).extracting(SpooledPush::userId).containsExactly("b");
		}
	}

	@Test
	void fullyAcknowledgedSealedSegmentsAreDeleted() throws Exception {
		String value = "v".repeat(255);
		long recordBytes = recordBytes("user", "key", value);
		long perSegment = DiskSpool.SEGMENT_BYTES / recordBytes;
		int appends = 20_000;
		long inActive = appends % perSegment;
		try (DiskSpool spool = DiskSpool.open(this.directory, 64L << 20)) {
			for (int i = 0; i < appends; i++) {
				append(spool, "user", "key", value);
			}
			spool.sync();
			assertThat(logs()).hasSize((int) (appends / perSegment) + 1);
			for (long seq = 0; seq < appends; seq++) {
				spool.ack(seq);
			}
			spool.sync();
			assertThat(logs()).hasSize(1);
			assertThat(spool.sizeBytes()).as("the active segment: its records and their acks")
				.isEqualTo(inActive * (recordBytes + 4));
		}
	}

	@Test
	void aSegmentAcknowledgedBeforeItIsSealedIsDeletedWhenSealed() throws Exception {
		// Low traffic: every record is delivered and acknowledged before the next one arrives.
		String value = "v".repeat(200);
		long recordBytes = recordBytes("user", "key", value);
		long perSegment = DiskSpool.SEGMENT_BYTES / recordBytes;
		long appends = 3 * perSegment + 7;
		try (DiskSpool spool = DiskSpool.open(this.directory, 64L << 20)) {
			for (long i = 0; i < appends; i++) {
				spool.ack(append(spool, "user", "key", value));
			}
			spool.sync();
			String active = String.format("segment-%020d", 3 * perSegment);
			assertThat(segmentFiles()).containsExactlyInAnyOrder(active + ".log", active + ".acks");
			assertThat(Files.size(this.directory.resolve(active + ".log"))).isEqualTo(7 * recordBytes);
			assertThat(spool.sizeBytes()).isEqualTo(7 * (recordBytes + 4));
		}
	}

	@Test
	void acknowledgedRecordsNeverFillASpoolSmallerThanASegment() throws Exception {
		long maxBytes = 1L << 20;
		String value = "v".repeat(200);
		long recordBytes = recordBytes("user", "key", value);
		long perSegment = (maxBytes / 4) / recordBytes;
		long appends = 20 * perSegment + 3;
		try (DiskSpool spool = DiskSpool.open(this.directory, maxBytes)) {
			for (long i = 0; i < appends; i++) {
				spool.ack(append(spool, "user", "key", value));
			}
			assertThat(segmentFiles()).hasSize(2);
			assertThat(spool.sizeBytes()).isEqualTo(3 * (recordBytes + 4));
		}
	}

	@Test
	void fullyAcknowledgedSegmentsAreDeletedAtOpen() throws Exception {
		try (DiskSpool spool = DiskSpool.open(this.directory, 1 << 20)) {
			for (int i = 0; i < 5; i++) {
				spool.ack(append(spool, "user", "key", "value"));
			}
		}
		assertThat(segmentFiles()).hasSize(2);
		try (DiskSpool reopened = DiskSpool.open(this.directory, 1 << 20)) {
			assertThat(segmentFiles()).isEmpty();
			assertThat(reopened.sizeBytes()).isZero();
			assertThat(reopened.recoveredRecords()).isZero();
		}
	}

	@Test
	@DisabledOnOs(value = OS.WINDOWS, disabledReason = "a directory cannot be opened as a channel: the spool skips its fsync")
	void creatingOrDeletingASegmentFileSyncsTheDirectory() throws Exception {
		TestChannels channels = new TestChannels();
		String value = "v".repeat(600);
		// Segments of 1 KB: one record each.
		try (DiskSpool spool = DiskSpool.open(this.directory, 4096, channels)) {
			spool.ack(append(spool, "user", "key", value));
			append(spool, "user", "key", value);
			spool.sync();
		}
		assertThat(channels.events()).containsExactly("write segment-00000000000000000000.log", "sync directory",
				"write segment-00000000000000000000.acks", "sync directory", "sync directory",
				"write segment-00000000000000000001.log", "sync directory");
		assertThat(segmentFiles()).containsExactly("segment-00000000000000000001.log");
	}

	@Test
	void maxSizeIsEnforced() throws Exception {
		long recordBytes = recordBytes("user", "key", "v".repeat(200));
		// Each record needs room for its 4-byte ack too.
		long fitting = (4096 - 4) / recordBytes;
		try (DiskSpool spool = DiskSpool.open(this.directory, 4096)) {
			for (int i = 0; i < fitting; i++) {
				append(spool, "user", "key", "v".repeat(200));
			}
			assertThatExceptionOfType(SpoolFullException.class)
				.isThrownBy(() -> append(spool, "user", "key", "v".repeat(200)));
			assertThat(spool.sizeBytes()).isEqualTo(fitting * recordBytes);
		}
	}

	private static long recordBytes(String user, String key, String value) {
		return SpoolRecordCodec.encode(0, user, 1000L, new String[] { key }, new String[] { value }, null).remaining();
	}

	private List<String> segmentFiles() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.map((f) -> f.getFileName().toString()).filter((name) -> name.startsWith("segment-")).toList();
		}
	}

	private Path onlyLog() throws IOException {
		List<Path> logs = logs();
		assertThat(logs).hasSize(1);
		return logs.get(0);
	}

	private List<Path> logs() throws IOException {
		try (Stream<Path> files = Files.list(this.directory)) {
			return files.filter((f) -> f.toString().endsWith(".log")).toList();
		}
	}

}
