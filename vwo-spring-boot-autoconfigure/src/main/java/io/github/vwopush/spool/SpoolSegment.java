package io.github.vwopush.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.BitSet;

import org.jspecify.annotations.Nullable;

/**
 * One segment of the spool: a log file of records with consecutive sequence numbers from
 * {@code baseSeq}, and an acks file of the offsets (int) of records that reached a final
 * outcome. Which records are in memory is tracked here too; the rest are parked on disk.
 */
final class SpoolSegment {

	final long baseSeq;

	final Path log;

	final Path acks;

	final BitSet acked = new BitSet();

	final BitSet resident = new BitSet();

	/** Dimensions per record, to count what is parked. */
	final java.util.ArrayList<Integer> dimensions = new java.util.ArrayList<>();

	int records;

	long logBytes;

	long ackBytes;

	private final ChannelFactory channels;

	private @Nullable FileChannel logWriter;

	private @Nullable FileChannel ackWriter;

	boolean dirty;

	SpoolSegment(Path directory, long baseSeq, ChannelFactory channels) {
		this.baseSeq = baseSeq;
		this.channels = channels;
		this.log = directory.resolve(String.format("segment-%020d.log", baseSeq));
		this.acks = directory.resolve(String.format("segment-%020d.acks", baseSeq));
	}

	boolean contains(long seq) {
		return seq >= this.baseSeq && seq < this.baseSeq + this.records;
	}

	int parkedRecords() {
		int parked = 0;
		for (int i = 0; i < this.records; i++) {
			if (!this.acked.get(i) && !this.resident.get(i)) {
				parked++;
			}
		}
		return parked;
	}

	boolean isFullyAcked() {
		return this.acked.cardinality() == this.records;
	}

	void append(ByteBuffer record, int dimensionCount) throws IOException {
		if (this.logWriter == null) {
			this.logWriter = this.channels.open(this.log, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
		}
		int length = record.remaining();
		while (record.hasRemaining()) {
			this.logWriter.write(record);
		}
		this.resident.set(this.records);
		this.dimensions.add(dimensionCount);
		this.records++;
		this.logBytes += length;
		this.dirty = true;
	}

	void ack(int offset) throws IOException {
		if (this.ackWriter == null) {
			this.ackWriter = this.channels.open(this.acks, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
					StandardOpenOption.APPEND);
		}
		ByteBuffer entry = ByteBuffer.allocate(4).putInt(offset).flip();
		while (entry.hasRemaining()) {
			this.ackWriter.write(entry);
		}
		this.acked.set(offset);
		this.ackBytes += 4;
		this.dirty = true;
	}

	void sync() throws IOException {
		if (!this.dirty) {
			return;
		}
		if (this.logWriter != null) {
			this.logWriter.force(false);
		}
		if (this.ackWriter != null) {
			this.ackWriter.force(false);
		}
		this.dirty = false;
	}

	/** Stop appending records (the segment is full); acks may still arrive. */
	void seal() throws IOException {
		if (this.logWriter != null) {
			this.logWriter.force(false);
			this.logWriter.close();
			this.logWriter = null;
		}
	}

	void close() throws IOException {
		sync();
		seal();
		if (this.ackWriter != null) {
			this.ackWriter.close();
			this.ackWriter = null;
		}
	}

	void delete() throws IOException {
		close();
		Files.deleteIfExists(this.log);
		Files.deleteIfExists(this.acks);
	}

}
