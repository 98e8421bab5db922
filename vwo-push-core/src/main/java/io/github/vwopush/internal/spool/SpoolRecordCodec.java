package io.github.vwopush.internal.spool;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

import io.github.vwopush.internal.protocol.ValueType;
import org.jspecify.annotations.Nullable;

/**
 * The on-disk form of a record: {@code [int length][int crc32c][payload]}, the payload
 * being {@code seq, acceptedAt, userId, n, n × (key, value)}, followed, when a value is not
 * a string, by the types trailer {@code [byte 1][n × byte type tag]} (value is then the
 * type's string form). The checksum lets a torn or corrupt record be told from a good one.
 * <p>
 * The trailer keeps the format compatible both ways: a record of strings only is written
 * exactly as before typed values, so a spool written by an earlier version recovers as
 * strings, and an earlier version reading a typed record stops before the trailer and
 * recovers its values as their string forms.
 */
final class SpoolRecordCodec {

	static final int HEADER_BYTES = 8;

	/** Far above any real record (255-character strings); a larger length means corruption. */
	static final int MAX_PAYLOAD_BYTES = 16 * 1024 * 1024;

	/** The first byte of the types trailer; another value would be a later trailer format. */
	static final int TYPES_TRAILER = 1;

	private SpoolRecordCodec() {
	}

	static ByteBuffer encode(long seq, String userId, long acceptedAtMillis, String[] keys, String[] values,
			ValueType @Nullable [] types) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 16 * keys.length);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeLong(seq);
			out.writeLong(acceptedAtMillis);
			out.writeUTF(userId);
			out.writeInt(keys.length);
			for (int i = 0; i < keys.length; i++) {
				out.writeUTF(keys[i]);
				out.writeUTF(values[i]);
			}
			if (types != null) {
				out.writeByte(TYPES_TRAILER);
				for (ValueType type : types) {
					out.writeByte(type.ordinal());
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		byte[] payload = bytes.toByteArray();
		CRC32C crc = new CRC32C();
		crc.update(payload);
		ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + payload.length);
		record.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
		return record;
	}

	/**
	 * The types trailer, if any. A trailer this version does not know (from a later one)
	 * leaves the values strings: their string forms are still what VWO should receive.
	 */
	private static ValueType @Nullable [] readTypes(DataInputStream in, int n) throws IOException {
		if (in.available() < 1 + n || in.readUnsignedByte() != TYPES_TRAILER) {
			return null;
		}
		ValueType[] types = new ValueType[n];
		for (int i = 0; i < n; i++) {
			ValueType type = ValueType.ofTag(in.readUnsignedByte());
			types[i] = (type != null) ? type : ValueType.STRING;
		}
		return types;
	}

	/**
	 * Decode the record at the buffer's position.
	 * @return the record, or {@code null} when what is there is incomplete or corrupt (the
	 * position is then unchanged)
	 */
	static @Nullable SpooledPush decode(ByteBuffer buffer) {
		int start = buffer.position();
		if (buffer.remaining() < HEADER_BYTES) {
			return null;
		}
		int length = buffer.getInt();
		int checksum = buffer.getInt();
		if (length <= 0 || length > MAX_PAYLOAD_BYTES || buffer.remaining() < length) {
			buffer.position(start);
			return null;
		}
		byte[] payload = new byte[length];
		buffer.get(payload);
		CRC32C crc = new CRC32C();
		crc.update(payload);
		if ((int) crc.getValue() != checksum) {
			buffer.position(start);
			return null;
		}
		try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
			long seq = in.readLong();
			long acceptedAt = in.readLong();
			String userId = in.readUTF();
			int n = in.readInt();
			String[] keys = new String[n];
			String[] values = new String[n];
			for (int i = 0; i < n; i++) {
				keys[i] = in.readUTF();
				values[i] = in.readUTF();
			}
			return new SpooledPush(seq, userId, acceptedAt, keys, values, readTypes(in, n));
		}
		catch (IOException | RuntimeException ex) {
			buffer.position(start);
			return null;
		}
	}

}
