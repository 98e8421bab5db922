package io.github.vwopush.kafka;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import io.github.vwopush.VwoOutboundDimension;
import io.github.vwopush.VwoPlatform;
import io.github.vwopush.VwoVisitor;
import org.jspecify.annotations.Nullable;

/**
 * One dimension as a Kafka record: the outbox writes it, the relay reads it. Format version 1
 * (docs/protocol.md, section 8): a small binary layout of our own, so the module needs no JSON
 * library and the record stays a few dozen bytes. The key is the user id and the dimension key,
 * so that every (user, key) lands in one partition and keeps its order.
 * <p>{@link #toString()} shows neither the user id, the value nor the visitor's context.
 *
 * @param accountId the VWO account the dimension was accepted for
 * @param platform the VWO platform it was accepted for
 * @param dimension the validated dimension
 */
record DimensionRecord(long accountId, VwoPlatform platform, VwoOutboundDimension dimension) {

	/** The first byte of every record's value: not a record of ours without it. */
	static final byte MAGIC = 'V';

	/** The format this release writes; it reads this one only (docs/protocol.md, section 8). */
	static final byte VERSION = 1;

	private static final int SESSION = 1;

	private static final int USER_AGENT = 2;

	private static final int IP_ADDRESS = 4;

	/** Longest text field a record may hold: far above what validation lets through, far below a broker's limit. */
	private static final int MAX_TEXT_BYTES = 64 * 1024;

	/**
	 * The record's key: the user id and the dimension key, joined by a NUL (which neither may
	 * hold), so one (user, key) always maps to one partition.
	 */
	byte[] key() {
		return (this.dimension.visitor().userId() + '\0' + this.dimension.key()).getBytes(StandardCharsets.UTF_8);
	}

	byte[] value() {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			out.writeByte(MAGIC);
			out.writeByte(VERSION);
			out.writeLong(this.accountId);
			writeText(out, this.platform.tagValue());
			out.writeLong(this.dimension.acceptedAt().toEpochMilli());
			VwoVisitor visitor = this.dimension.visitor();
			writeText(out, visitor.userId());
			writeText(out, this.dimension.key());
			out.writeByte(typeCode(this.dimension.type()));
			writeText(out, this.dimension.value());
			// The visitor's user agent and IP address only for FME, whose event architecture sends them: FullStack's
			// transports never do, and the topic (its dead letters, its retention) would keep personal data for nothing.
			String userAgent = (this.platform == VwoPlatform.FME) ? visitor.userAgent() : null;
			String ipAddress = (this.platform == VwoPlatform.FME) ? visitor.ipAddress() : null;
			int flags = ((visitor.sessionId() != null) ? SESSION : 0) | ((userAgent != null) ? USER_AGENT : 0)
					| ((ipAddress != null) ? IP_ADDRESS : 0);
			out.writeByte(flags);
			if (visitor.sessionId() != null) {
				out.writeLong(visitor.sessionId());
			}
			if (userAgent != null) {
				writeText(out, userAgent);
			}
			if (ipAddress != null) {
				writeText(out, ipAddress);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void writeText(DataOutputStream out, String text) throws IOException {
		byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
		out.writeInt(utf8.length);
		out.write(utf8);
	}

	/**
	 * Read a record's value.
	 * @param value the value's bytes, or {@code null} (a tombstone)
	 * @return the record
	 * @throws UnreadableRecordException naming what is wrong, never the record's content
	 */
	static DimensionRecord read(byte @Nullable [] value) {
		if (value == null || value.length == 0) {
			throw new UnreadableRecordException("empty value");
		}
		if (value[0] != MAGIC) {
			throw new UnreadableRecordException("not a VWO dimension record (first byte " + (value[0] & 0xff) + ")");
		}
		if (value.length < 2 || value[1] != VERSION) {
			throw new UnreadableRecordException("unsupported format version "
					+ ((value.length < 2) ? "(none)" : String.valueOf(value[1] & 0xff)) + "; this release reads " + VERSION);
		}
		try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(value, 2, value.length - 2))) {
			long accountId = in.readLong();
			VwoPlatform platform = platform(readText(in, "platform"));
			Instant acceptedAt = Instant.ofEpochMilli(in.readLong());
			String userId = readText(in, "user id");
			String key = readText(in, "key");
			VwoOutboundDimension.Type type = type(in.readUnsignedByte());
			String text = readText(in, "value");
			int flags = in.readUnsignedByte();
			if ((flags & ~(SESSION | USER_AGENT | IP_ADDRESS)) != 0) {
				throw new UnreadableRecordException("unknown visitor flags " + flags);
			}
			Long sessionId = ((flags & SESSION) != 0) ? in.readLong() : null;
			String userAgent = ((flags & USER_AGENT) != 0) ? readText(in, "user agent") : null;
			String ipAddress = ((flags & IP_ADDRESS) != 0) ? readText(in, "IP address") : null;
			if (in.available() > 0) {
				throw new UnreadableRecordException(in.available() + " bytes after the last field");
			}
			if (userId.isEmpty() || key.isEmpty()) {
				throw new UnreadableRecordException("empty user id or key");
			}
			return new DimensionRecord(accountId, platform, new VwoOutboundDimension(
					new VwoVisitor(userId, sessionId, userAgent, ipAddress), key, text, type, acceptedAt));
		}
		catch (EOFException ex) {
			throw new UnreadableRecordException("truncated");
		}
		catch (IOException ex) {
			throw new UnreadableRecordException(ex.getClass().getSimpleName());
		}
	}

	// Codes of their own, not ordinals: reordering an enum must not change what a record means.
	private static int typeCode(VwoOutboundDimension.Type type) {
		return switch (type) {
			case STRING -> 's';
			case NUMBER -> 'n';
			case BOOLEAN -> 'b';
		};
	}

	private static VwoOutboundDimension.Type type(int code) {
		return switch (code) {
			case 's' -> VwoOutboundDimension.Type.STRING;
			case 'n' -> VwoOutboundDimension.Type.NUMBER;
			case 'b' -> VwoOutboundDimension.Type.BOOLEAN;
			default -> throw new UnreadableRecordException("unknown value type " + code);
		};
	}

	private static VwoPlatform platform(String tagValue) {
		for (VwoPlatform platform : VwoPlatform.values()) {
			if (platform.tagValue().equals(tagValue)) {
				return platform;
			}
		}
		throw new UnreadableRecordException("unknown platform");
	}

	private static String readText(DataInputStream in, String field) throws IOException {
		int length = in.readInt();
		if (length < 0 || length > MAX_TEXT_BYTES || length > in.available()) {
			throw new UnreadableRecordException(field + " of " + length + " bytes");
		}
		byte[] utf8 = new byte[length];
		in.readFully(utf8);
		try {
			return StandardCharsets.UTF_8.newDecoder()
				.onMalformedInput(CodingErrorAction.REPORT)
				.onUnmappableCharacter(CodingErrorAction.REPORT)
				.decode(ByteBuffer.wrap(utf8))
				.toString();
		}
		catch (CharacterCodingException ex) {
			throw new UnreadableRecordException(field + " is not UTF-8");
		}
	}

	/**
	 * The value as the engine's typed {@code push} takes it: the same text VWO would have
	 * received from the instance that accepted it.
	 * @return a {@code String}, a {@code Boolean}, or a {@code Long}, {@code Double} or
	 * {@code BigDecimal} whose text is the record's
	 * @throws UnreadableRecordException when a number or boolean's text is not one
	 */
	Object typedValue() {
		String text = this.dimension.value();
		return switch (this.dimension.type()) {
			case STRING -> text;
			case BOOLEAN -> switch (text) {
				case "true" -> Boolean.TRUE;
				case "false" -> Boolean.FALSE;
				default -> throw new UnreadableRecordException("boolean value that is neither true nor false");
			};
			case NUMBER -> number(text);
		};
	}

	private static Object number(String text) {
		try {
			long integral = Long.parseLong(text);
			if (Long.toString(integral).equals(text)) {
				return integral;
			}
		}
		catch (NumberFormatException ex) {
			// Not a long: a double's or a BigDecimal's text.
		}
		try {
			double floating = Double.parseDouble(text);
			if (Double.toString(floating).equals(text)) {
				return floating;
			}
			BigDecimal decimal = new BigDecimal(text);
			if (decimal.toPlainString().equals(text)) {
				return decimal;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below, without the text.
		}
		throw new UnreadableRecordException("number value that is not a number's text");
	}

	@Override
	public String toString() {
		return "DimensionRecord[accountId=" + this.accountId + ", platform=" + this.platform + ", dimension="
				+ this.dimension + "]";
	}

	/** A record the relay cannot read: it goes to the dead-letter topic with this message as its reason. */
	static final class UnreadableRecordException extends RuntimeException {

		private static final long serialVersionUID = 1L;

		UnreadableRecordException(String reason) {
			super(reason, null, false, false);
		}

	}

}
