package io.github.vwopush.internal.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.github.vwopush.internal.protocol.ValueType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A small append-only, segmented log of accepted push calls, so that what was accepted and
 * not yet delivered survives a restart or a crash. Used by the sender thread only.
 * <ul>
 * <li>{@link #append} writes a record; {@link #sync} makes every write so far durable (one
 * {@code fsync} per call, so the caller groups writes).</li>
 * <li>{@link #ack} marks a record final; a sealed segment whose records are all final is
 * deleted, when it is sealed if they already were.</li>
 * <li>A record not held in memory is <em>parked</em>; {@link #readParked} brings parked
 * records back in sequence order. On {@link #open}, every unacknowledged record is
 * parked.</li>
 * <li>A write that fails part-way (a full disk) is cut off again: nothing is ever appended
 * after half a record or half an ack.</li>
 * <li>A torn or corrupt tail found by {@link #open} is cut off and reported by
 * {@link #corruptBytes()}; it never fails startup.</li>
 * <li>One spool per directory: {@link #open} locks it until {@link #close}, and refuses a
 * directory that another spool (another process, or this JVM) holds.</li>
 * </ul>
 */
public final class DiskSpool implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(DiskSpool.class);

	private static final Pattern SEGMENT = Pattern.compile("segment-(\\d{20})\\.(log|acks)");

	static final long SEGMENT_BYTES = 4L * 1024 * 1024;

	private final SpoolDirectory directory;

	private final long maxBytes;

	/**
	 * At most a quarter of {@code max-size}: acknowledged records of the active segment
	 * count until it is sealed, so a segment as large as the spool would fill it with
	 * delivered records.
	 */
	private final long segmentBytes;

	private final TreeMap<Long, SpoolSegment> segments = new TreeMap<>();

	private SpoolSegment active;

	private long nextSeq;

	private long totalBytes;

	private volatile long parkedDimensions;

	private long recoveredRecords;

	private long recoveredDimensions;

	private long corruptBytes;

	private DiskSpool(SpoolDirectory directory, long maxBytes) {
		this.directory = directory;
		this.maxBytes = maxBytes;
		this.segmentBytes = Math.min(SEGMENT_BYTES, maxBytes / 4);
		this.active = new SpoolSegment(directory, 0);
	}

	/**
	 * Open (or create) the spool in a directory, lock the directory until {@link #close},
	 * and recover what a previous process left.
	 * @param directory the directory, created if needed
	 * @param maxBytes most bytes of records and acks on disk
	 * @return the spool
	 * @throws SpoolLockedException when another spool (another instance of the application
	 * on this host, or another context in this JVM) holds the directory
	 * @throws IOException when the directory cannot be used
	 */
	public static DiskSpool open(Path directory, long maxBytes) throws IOException {
		return open(directory, maxBytes, ChannelFactory.FILES);
	}

	static DiskSpool open(Path directory, long maxBytes, ChannelFactory channels) throws IOException {
		SpoolDirectory locked = SpoolDirectory.lock(directory, channels);
		try {
			DiskSpool spool = new DiskSpool(locked, maxBytes);
			spool.recover();
			return spool;
		}
		catch (IOException | RuntimeException ex) {
			try {
				locked.close();
			}
			catch (IOException closeFailure) {
				ex.addSuppressed(closeFailure);
			}
			throw ex;
		}
	}

	private void recover() throws IOException {
		TreeSet<Long> bases = new TreeSet<>();
		List<Path> acksFiles = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.directory.path)) {
			files.forEach((file) -> {
				Matcher matcher = SEGMENT.matcher(file.getFileName().toString());
				if (matcher.matches() && matcher.group(2).equals("log")) {
					bases.add(Long.parseLong(matcher.group(1)));
				}
				else if (matcher.matches()) {
					acksFiles.add(file);
				}
			});
		}
		boolean orphansDeleted = false;
		for (Path acks : acksFiles) {
			// Left by a crash while its segment was being deleted: a new segment may get its name.
			if (!Files.exists(acks.resolveSibling(acks.getFileName().toString().replace(".acks", ".log")))) {
				Files.delete(acks);
				orphansDeleted = true;
			}
		}
		if (orphansDeleted) {
			this.directory.syncEntries();
		}
		for (long base : bases) {
			SpoolSegment segment = new SpoolSegment(this.directory, base);
			readLog(segment);
			readAcks(segment);
			if (segment.isFullyAcked()) {
				segment.delete();
				continue;
			}
			for (int i = 0; i < segment.records; i++) {
				if (!segment.acked.get(i)) {
					this.recoveredRecords++;
					this.recoveredDimensions += segment.dimensions.get(i);
				}
			}
			this.segments.put(base, segment);
			this.totalBytes += segment.bytes();
			this.nextSeq = Math.max(this.nextSeq, base + segment.records);
		}
		this.parkedDimensions = this.recoveredDimensions;
		this.active = new SpoolSegment(this.directory, this.nextSeq);
		this.segments.put(this.nextSeq, this.active);
		if (this.corruptBytes > 0) {
			logger.warn("VWO push spool in {} had {} byte(s) of torn or corrupt records; they were skipped",
					this.directory.path, this.corruptBytes);
		}
	}

	private void readLog(SpoolSegment segment) throws IOException {
		ByteBuffer buffer;
		try (FileChannel channel = this.directory.open(segment.log.path, StandardOpenOption.READ)) {
			buffer = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE, channel.size()));
			while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
				// read it all
			}
			buffer.flip();
		}
		long size = buffer.limit();
		while (buffer.hasRemaining()) {
			SpooledPush record = SpoolRecordCodec.decode(buffer);
			if (record == null || record.seq() != segment.baseSeq + segment.records) {
				break;
			}
			segment.dimensions.add(record.keys().length);
			segment.records++;
		}
		long good = buffer.position();
		segment.log.recovered(good);
		if (good < size) {
			this.corruptBytes += size - good;
			cutOff(segment.log.path, good);
		}
	}

	/** Cut a file found longer than its whole records back to them, durably. */
	private void cutOff(Path file, long length) throws IOException {
		try (FileChannel channel = this.directory.open(file, StandardOpenOption.WRITE)) {
			channel.truncate(length);
			channel.force(true);
		}
	}

	private void readAcks(SpoolSegment segment) throws IOException {
		if (!Files.exists(segment.acks.path)) {
			return;
		}
		byte[] bytes = Files.readAllBytes(segment.acks.path);
		ByteBuffer buffer = ByteBuffer.wrap(bytes);
		while (buffer.remaining() >= 4) {
			int offset = buffer.getInt();
			if (offset >= 0 && offset < segment.records) {
				segment.acked.set(offset);
			}
		}
		int whole = bytes.length - buffer.remaining();
		if (whole < bytes.length) {
			// A torn last entry: its record is replayed (a duplicate at worst), and the entry is
			// cut off, else every ack appended after it would be read misaligned.
			cutOff(segment.acks.path, whole);
		}
		segment.acks.recovered(whole);
	}

	/**
	 * Write a record (not yet durable: call {@link #sync}). It counts as held in memory.
	 * @return its sequence number
	 * @throws SpoolFullException when the record and the 4 bytes of its ack would take
	 * {@link #sizeBytes()} beyond {@code max-size}
	 * @throws IOException when the write fails (a full disk): the record is then not in the
	 * spool and used no sequence number, and nothing is appended after what the failed write
	 * left on disk
	 */
	public long append(String userId, long acceptedAtMillis, String[] keys, String[] values)
			throws SpoolFullException, IOException {
		return append(userId, acceptedAtMillis, keys, values, null);
	}

	/**
	 * Write a record of typed values (not yet durable: call {@link #sync}), as
	 * {@link #append(String, long, String[], String[])}.
	 * @param types the values' types, or {@code null} when all are strings
	 * @return its sequence number
	 * @throws SpoolFullException as {@link #append(String, long, String[], String[])}
	 * @throws IOException as {@link #append(String, long, String[], String[])}
	 */
	public long append(String userId, long acceptedAtMillis, String[] keys, String[] values,
			ValueType @Nullable [] types) throws SpoolFullException, IOException {
		long seq = this.nextSeq;
		ByteBuffer record = SpoolRecordCodec.encode(seq, userId, acceptedAtMillis, keys, values, types);
		if (this.totalBytes + record.remaining() + 4 > this.maxBytes) {
			throw new SpoolFullException(this.maxBytes);
		}
		long activeBytes = this.active.log.length();
		// A failed write that could not be cut off ends its segment, so that the next record starts clean.
		boolean torn = this.active.log.isTorn() && this.active.records > 0;
		if (torn || (activeBytes > 0 && activeBytes + record.remaining() > this.segmentBytes)) {
			rollOver(seq);
		}
		this.active.append(record, keys.length);
		this.totalBytes += record.limit();
		this.nextSeq++;
		return seq;
	}

	/**
	 * Make every append and ack so far durable.
	 * @throws IOException when {@code fsync} fails
	 */
	public void sync() throws IOException {
		for (SpoolSegment segment : this.segments.values()) {
			segment.sync();
		}
	}

	/**
	 * The record reached its final outcome: it will not be replayed.
	 * @param seq the record's sequence number
	 * @throws IOException when the ack cannot be written; the record is then unchanged (and
	 * replayed by the next {@link #open}, a duplicate at worst)
	 */
	public void ack(long seq) throws IOException {
		SpoolSegment segment = segmentOf(seq);
		if (segment == null) {
			return;
		}
		int offset = (int) (seq - segment.baseSeq);
		if (segment.acked.get(offset)) {
			return;
		}
		// Written first: if the write fails, the record is as it was (held or parked), not half done.
		segment.ack(offset);
		this.totalBytes += 4;
		if (!segment.resident.get(offset)) {
			this.parkedDimensions -= segment.dimensions.get(offset);
		}
		segment.resident.clear(offset);
		if (segment != this.active && segment.isFullyAcked()) {
			delete(segment);
		}
	}

	/** Seal the active segment (which holds records) and start a new one at {@code baseSeq}. */
	private void rollOver(long baseSeq) throws IOException {
		SpoolSegment sealed = this.active;
		sealed.seal();
		this.active = new SpoolSegment(this.directory, baseSeq);
		this.segments.put(baseSeq, this.active);
		// At low traffic every record is acknowledged before the segment fills: no later ack would delete it.
		if (sealed.isFullyAcked()) {
			delete(sealed);
		}
	}

	/** Delete a fully acknowledged segment; if its files cannot be deleted, the next {@link #open} deletes them. */
	private void delete(SpoolSegment segment) {
		this.totalBytes -= segment.bytes();
		this.segments.remove(segment.baseSeq);
		try {
			segment.delete();
		}
		catch (IOException ex) {
			logger.warn("VWO push spool: cannot delete {} ({}); the next start deletes it", segment.log.path,
					ex.toString());
		}
	}

	/**
	 * The record is no longer held in memory; {@link #readParked} will bring it back.
	 * @param seq the record's sequence number
	 */
	public void park(long seq) {
		SpoolSegment segment = segmentOf(seq);
		if (segment == null) {
			return;
		}
		int offset = (int) (seq - segment.baseSeq);
		if (segment.resident.get(offset) && !segment.acked.get(offset)) {
			segment.resident.clear(offset);
			this.parkedDimensions += segment.dimensions.get(offset);
		}
	}

	/**
	 * Read parked records back into memory, oldest first.
	 * @param maxDimensions stop once this many dimensions are read (at least one record is)
	 * @return the records, now counted as held in memory
	 * @throws IOException when a segment cannot be read
	 */
	public List<SpooledPush> readParked(int maxDimensions) throws IOException {
		int[] dimensions = { 0 };
		return readParked((record) -> {
			if (dimensions[0] >= maxDimensions) {
				return false;
			}
			dimensions[0] += record.keys().length;
			return true;
		});
	}

	/**
	 * Read parked records back into memory, oldest first, for as long as {@code admit}
	 * accepts them; the first record it refuses, and every later one, stays parked.
	 * @param admit whether a record may come back (it may count what it admitted)
	 * @return the records, now counted as held in memory
	 * @throws IOException when a segment cannot be read
	 */
	public List<SpooledPush> readParked(Predicate<SpooledPush> admit) throws IOException {
		return readParked((record) -> false, admit);
	}

	/**
	 * Read parked records back into memory, oldest first, stepping over those {@code skip}
	 * names (they stay parked), for as long as {@code admit} accepts the others; the first
	 * record it refuses, and every later one, stays parked.
	 * @param skip whether a record stays parked while later ones may come back (it is asked
	 * first, of every parked record in order, and may remember what it skipped)
	 * @param admit whether a record may come back (it may count what it admitted)
	 * @return the records, now counted as held in memory
	 * @throws IOException when a segment cannot be read
	 */
	public List<SpooledPush> readParked(Predicate<SpooledPush> skip, Predicate<SpooledPush> admit)
			throws IOException {
		List<SpooledPush> read = new ArrayList<>();
		for (SpoolSegment segment : this.segments.values()) {
			if (this.parkedDimensions == 0) {
				break;
			}
			if (segment.parkedRecords() == 0) {
				continue;
			}
			segment.sync();
			ByteBuffer buffer = ByteBuffer.wrap(Files.readAllBytes(segment.log.path));
			buffer.limit((int) Math.min(buffer.limit(), segment.log.length()));
			for (int i = 0; i < segment.records; i++) {
				SpooledPush record = SpoolRecordCodec.decode(buffer);
				if (record == null) {
					break;
				}
				if (!segment.acked.get(i) && !segment.resident.get(i) && !skip.test(record)) {
					if (!admit.test(record)) {
						return read;
					}
					segment.resident.set(i);
					this.parkedDimensions -= record.keys().length;
					read.add(record);
				}
			}
		}
		return read;
	}


	private @Nullable SpoolSegment segmentOf(long seq) {
		var entry = this.segments.floorEntry(seq);
		return (entry != null && entry.getValue().contains(seq)) ? entry.getValue() : null;
	}

	/**
	 * The sequence number of the newest record, recovered ones included.
	 * @return the sequence number, or -1 when no record was ever appended
	 */
	public long newestSeq() {
		return this.nextSeq - 1;
	}

	/**
	 * The sequence number of the oldest parked record: what was accepted after it must not
	 * be sent before it is read back.
	 * @return the sequence number, or {@link Long#MAX_VALUE} when nothing is parked
	 */
	public long oldestParkedSeq() {
		if (this.parkedDimensions == 0) {
			return Long.MAX_VALUE;
		}
		for (SpoolSegment segment : this.segments.values()) {
			int first = segment.firstParked();
			if (first >= 0) {
				return segment.baseSeq + first;
			}
		}
		return Long.MAX_VALUE;
	}

	/** Dimensions on disk only, waiting to be read back. */
	public long parkedDimensions() {
		return this.parkedDimensions;
	}

	/** Records recovered from a previous process at {@link #open}. */
	public long recoveredRecords() {
		return this.recoveredRecords;
	}

	/** Dimensions recovered from a previous process at {@link #open}. */
	public long recoveredDimensions() {
		return this.recoveredDimensions;
	}

	/** Bytes of torn or corrupt records cut off at {@link #open}. */
	public long corruptBytes() {
		return this.corruptBytes;
	}

	/** Bytes of records and acks on disk. */
	public long sizeBytes() {
		return this.totalBytes;
	}

	/**
	 * Close every file and release the directory, writing, acknowledging and deleting
	 * nothing more: what a process killed now leaves behind (its writes stay in the page
	 * cache). For tests that reopen the directory as a restarted process would.
	 */
	public void abandon() {
		for (SpoolSegment segment : this.segments.values()) {
			try {
				segment.close();
			}
			catch (IOException ex) {
				// A killed process closes nothing either.
			}
		}
		try {
			this.directory.close();
		}
		catch (IOException ex) {
			// The lock goes with the channel, as it would with the process.
		}
	}

	/**
	 * Sync and close every file and release the directory; the spool stays on disk for the
	 * next process.
	 */
	@Override
	public void close() throws IOException {
		try {
			IOException failure = null;
			for (SpoolSegment segment : this.segments.values()) {
				try {
					segment.close();
				}
				catch (IOException ex) {
					failure = (failure != null) ? failure : ex;
				}
			}
			if (this.active.records == 0) {
				this.active.delete();
			}
			if (failure != null) {
				throw failure;
			}
		}
		finally {
			this.directory.close();
		}
	}

}
