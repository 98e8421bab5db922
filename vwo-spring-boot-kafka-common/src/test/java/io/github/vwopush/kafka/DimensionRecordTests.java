package io.github.vwopush.kafka;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import io.github.vwopush.VwoOutboundDimension;
import io.github.vwopush.VwoPlatform;
import io.github.vwopush.VwoVisitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** The record format, version 1 (docs/protocol.md, section 8): what the outbox writes, the relay reads back. */
class DimensionRecordTests {

	private static final Instant ACCEPTED = Instant.parse("2026-12-03T10:15:30.123Z");

	private static DimensionRecord record(VwoVisitor visitor, String value, VwoOutboundDimension.Type type) {
		return new DimensionRecord(123456, VwoPlatform.FULLSTACK,
				new VwoOutboundDimension(visitor, "plan", value, type, ACCEPTED));
	}

	@Test
	void anFmeRecordReadsBackAsItWasWrittenWithTheVisitorsContext() {
		DimensionRecord written = new DimensionRecord(123456, VwoPlatform.FME, new VwoOutboundDimension(
				new VwoVisitor("user-ü-42", 1795392382L, "Mozilla/5.0", "10.0.0.1"), "plan", "gold ✓",
				VwoOutboundDimension.Type.STRING, ACCEPTED));

		DimensionRecord read = DimensionRecord.read(written.value());

		assertThat(read).isEqualTo(written);
		assertThat(read.typedValue()).isEqualTo("gold ✓");
	}

	@Test
	void aFullStackRecordKeepsTheSessionButNeitherUserAgentNorIpAddressWhichFullStackNeverSends() {
		DimensionRecord written = record(new VwoVisitor("user-42", 1795392382L, "Mozilla/5.0", "10.0.0.1"), "gold",
				VwoOutboundDimension.Type.STRING);

		byte[] bytes = written.value();

		assertThat(new String(bytes, StandardCharsets.UTF_8)).doesNotContain("Mozilla", "10.0.0.1");
		assertThat(DimensionRecord.read(bytes).dimension().visitor())
			.isEqualTo(new VwoVisitor("user-42", 1795392382L, null, null));
	}

	@Test
	void aRecordWithoutContextReadsBackWithoutIt() {
		DimensionRecord written = new DimensionRecord(7, VwoPlatform.FME,
				new VwoOutboundDimension(VwoVisitor.of("u"), "k", "true", VwoOutboundDimension.Type.BOOLEAN, ACCEPTED));

		DimensionRecord read = DimensionRecord.read(written.value());

		assertThat(read).isEqualTo(written);
		assertThat(read.typedValue()).isEqualTo(Boolean.TRUE);
	}

	@Test
	void numbersComeBackAsATypeWhoseTextIsTheRecordsText() {
		VwoVisitor visitor = VwoVisitor.of("u");
		assertThat(record(visitor, "42", VwoOutboundDimension.Type.NUMBER).typedValue()).isEqualTo(42L);
		assertThat(record(visitor, "1.5E10", VwoOutboundDimension.Type.NUMBER).typedValue()).isEqualTo(1.5E10);
		assertThat(record(visitor, "0.1000", VwoOutboundDimension.Type.NUMBER).typedValue())
			.isEqualTo(new BigDecimal("0.1000"));
		assertThatExceptionOfType(DimensionRecord.UnreadableRecordException.class)
			.isThrownBy(() -> record(visitor, "twelve", VwoOutboundDimension.Type.NUMBER).typedValue());
	}

	@Test
	void theKeyIsTheUserAndTheDimensionKeySoOneUserKeyHasOnePartition() {
		DimensionRecord a = record(VwoVisitor.of("user-1"), "gold", VwoOutboundDimension.Type.STRING);
		DimensionRecord b = record(VwoVisitor.of("user-1").withSessionId(5), "silver", VwoOutboundDimension.Type.STRING);

		assertThat(a.key()).isEqualTo(b.key()).isEqualTo("user-1\0plan".getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void theValueIsTheDocumentedExampleByteForByte() {
		DimensionRecord record = new DimensionRecord(123456, VwoPlatform.FULLSTACK, new VwoOutboundDimension(
				VwoVisitor.of("u-1"), "plan", "gold", VwoOutboundDimension.Type.STRING, ACCEPTED));

		// docs/protocol.md, section 8.
		assertThat(HexFormat.ofDelimiter(" ").formatHex(record.value()))
			.isEqualTo("56 01 00 00 00 00 00 01 e2 40 00 00 00 09 66 75 6c 6c 73 74 61 63 6b "
					+ "00 00 01 a2 3b 66 ea 4b 00 00 00 03 75 2d 31 00 00 00 04 70 6c 61 6e "
					+ "73 00 00 00 04 67 6f 6c 64 00");
	}

	@Test
	void theFirstBytesAreTheMagicAndTheFormatVersion() {
		byte[] value = record(VwoVisitor.of("u"), "v", VwoOutboundDimension.Type.STRING).value();

		assertThat(value[0]).isEqualTo((byte) 'V');
		assertThat(value[1]).isEqualTo((byte) 1);
	}

	@Test
	void whatIsNotARecordOfThisFormatIsUnreadableWithAReasonThatQuotesNothingOfIt() {
		byte[] good = record(VwoVisitor.of("user-secret"), "v", VwoOutboundDimension.Type.STRING).value();
		byte[] otherVersion = good.clone();
		otherVersion[1] = 2;
		byte[] longer = Arrays.copyOf(good, good.length + 1);

		assertThatExceptionOfType(DimensionRecord.UnreadableRecordException.class)
			.isThrownBy(() -> DimensionRecord.read("garbage".getBytes(StandardCharsets.UTF_8)))
			.withMessage("not a VWO dimension record (first byte 103)");
		assertThatExceptionOfType(DimensionRecord.UnreadableRecordException.class)
			.isThrownBy(() -> DimensionRecord.read(otherVersion))
			.withMessage("unsupported format version 2; this release reads 1");
		assertThatExceptionOfType(DimensionRecord.UnreadableRecordException.class)
			.isThrownBy(() -> DimensionRecord.read(Arrays.copyOf(good, good.length - 3)))
			.withMessageNotContaining("user-secret");
		assertThatExceptionOfType(DimensionRecord.UnreadableRecordException.class)
			.isThrownBy(() -> DimensionRecord.read(longer))
			.withMessage("1 bytes after the last field");
		assertThatExceptionOfType(DimensionRecord.UnreadableRecordException.class)
			.isThrownBy(() -> DimensionRecord.read(null))
			.withMessage("empty value");
	}

	@Test
	void toStringShowsNeitherTheUserNorTheValueNorTheContext() {
		DimensionRecord record = record(new VwoVisitor("user-42", 1L, "Mozilla/5.0", "10.0.0.1"), "gold",
				VwoOutboundDimension.Type.STRING);

		assertThat(record.toString()).contains("plan").doesNotContain("user-42", "gold", "Mozilla", "10.0.0.1");
	}

}
