package io.github.vwopush.kafka;

import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;

import io.github.vwopush.PushReason;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The relay's meters, apart from the application's {@code vwo.push.*}: what the relay's own
 * engine delivered (by outcome and reason, as {@code vwo.push.dimensions}), what it holds,
 * how long VWO has been failing it, how far behind the topic it is, and what became of the
 * records it read. Read from the relay's own counts when scraped.
 */
final class VwoKafkaRelayMeters implements MeterBinder {

	static final String DIMENSIONS = "vwo.relay.dimensions";

	static final String PENDING = "vwo.relay.pending";

	static final String OUTAGE = "vwo.relay.outage.duration";

	static final String LAG = "vwo.relay.lag";

	static final String RECORDS = "vwo.relay.records";

	private final KafkaRelay relay;

	VwoKafkaRelayMeters(KafkaRelay relay) {
		this.relay = relay;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		// Through the relay, never one engine's state: a rebalance may replace the engine, and the counts go on.
		for (PushReason reason : PushReason.values()) {
			FunctionCounter.builder(DIMENSIONS, this.relay, (relay) -> relay.dimensions(reason))
				.description("Custom dimensions the Kafka relay pushed to VWO, by final outcome")
				.baseUnit("dimensions")
				.tag("result", reason.outcome().tagValue())
				.tag("reason", reason.tagValue())
				.register(registry);
		}
		Gauge.builder(PENDING, this.relay, (relay) -> relay.engineState().pending())
			.description("Custom dimensions the Kafka relay pushed and VWO has not answered for yet")
			.baseUnit("dimensions")
			.register(registry);
		TimeGauge
			.builder(OUTAGE, this.relay, TimeUnit.MILLISECONDS, (relay) -> relay.engineState().outageAge().toMillis())
			.description("How long every request of the Kafka relay has failed (0 while the last succeeded)")
			.register(registry);
		RelayProgress progress = this.relay.progress();
		Gauge.builder(LAG, progress, RelayProgress::lag)
			.description("Records of this relay's partitions not yet committed (as of each partition's last poll)")
			.baseUnit("records")
			.register(registry);
		// delivered: VWO accepted it (a record read again counts again); read_again: not final when the poll's
		// answers were due, left uncommitted.
		count("delivered", RelayProgress::deliveredRecords, registry);
		count("dead_lettered", RelayProgress::deadLetteredRecords, registry);
		count("read_again", RelayProgress::readAgainRecords, registry);
	}

	private void count(String outcome, ToDoubleFunction<RelayProgress> count, MeterRegistry registry) {
		FunctionCounter.builder(RECORDS, this.relay.progress(), count)
			.description("Records the Kafka relay read, by what became of them")
			.baseUnit("records")
			.tag("outcome", outcome)
			.register(registry);
	}

}
