package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;

/**
 * One segment of the spool: a log file of records with consecutive sequence numbers from
 * {@code baseSeq}, and an acks file of the offsets (int) of records that reached a final
 * outcome. Which records are in memory is tracked here too; the rest are parked on disk.
 */
final class SpoolSegment {

	final long baseSeq;

	private final SpoolDirectory directory;

	final SpoolFile log;

	final SpoolFile acks;

	final BitSet acked = new BitSet();

	final BitSet resident = new BitSet();

	/** Dimensions per record, to count what is parked. */
	final List<Integer> dimensions = new ArrayList<>();

	int records;

	SpoolSegment(SpoolDirectory directory, long baseSeq) {
		this.baseSeq = baseSeq;
		this.directory = directory;
		this.log = new SpoolFile(directory, String.format("segment-%020d.log", baseSeq));
		this.acks = new SpoolFile(directory, String.format("segment-%020d.acks", baseSeq));
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

	/** The offset of the first parked record, or -1 when none is. */
	int firstParked() {
		BitSet notParked = (BitSet) this.acked.clone();
		notParked.or(this.resident);
		int first = notParked.nextClearBit(0);
		return (first < this.records) ? first : -1;
	}

	boolean isFullyAcked() {
		return this.acked.cardinality() == this.records;
	}

	/** Bytes of records and acks. */
	long bytes() {
		return this.log.length() + this.acks.length();
	}

	/**
	 * Append a record, held in memory.
	 * @throws IOException when the write fails; the record is then not in the segment
	 */
	void append(ByteBuffer record, int dimensionCount) throws IOException {
		this.log.append(record);
		this.resident.set(this.records);
		this.dimensions.add(dimensionCount);
		this.records++;
	}

	/**
	 * Record that the record at {@code offset} reached its final outcome.
	 * @throws IOException when the write fails; the record is then not acknowledged
	 */
	void ack(int offset) throws IOException {
		this.acks.append(ByteBuffer.allocate(4).putInt(offset).flip());
		this.acked.set(offset);
	}

	void sync() throws IOException {
		this.log.sync();
		this.acks.sync();
	}

	/** Stop appending records (the segment is full); acks may still arrive. */
	void seal() throws IOException {
		this.log.close();
	}

	void close() throws IOException {
		try {
			this.log.close();
		}
		finally {
			this.acks.close();
		}
	}

	void delete() throws IOException {
		close();
		// The log first: an acks file left alone by a crash is deleted at open, a log would be replayed.
		boolean deleted = this.log.delete();
		deleted |= this.acks.delete();
		if (deleted) {
			this.directory.syncEntries();
		}
	}

}
