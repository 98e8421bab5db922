package io.github.vwopush.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

import org.apache.kafka.common.TopicPartition;

/**
 * What a relay did with the records it read, and how far behind the topic it is: what its
 * meters and health report. Written on the consumer threads, read on any.
 */
final class RelayProgress {

	private final LongAdder delivered = new LongAdder();

	private final LongAdder deadLettered = new LongAdder();

	private final LongAdder readAgain = new LongAdder();

	/** Records not yet committed, by partition this relay owns: behind its position, and read but not final. */
	private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

	void delivered() {
		this.delivered.increment();
	}

	void deadLettered() {
		this.deadLettered.increment();
	}

	void readAgain(int records) {
		this.readAgain.add(records);
	}

	void lag(TopicPartition partition, long records) {
		this.lag.put(partition, records);
	}

	/** Partitions another member of the group owns now. */
	void forget(Collection<TopicPartition> partitions) {
		partitions.forEach(this.lag::remove);
	}

	/** Records VWO accepted, duplicates of records read again included. */
	long deliveredRecords() {
		return this.delivered.sum();
	}

	/** Records sent to the dead-letter topic. */
	long deadLetteredRecords() {
		return this.deadLettered.sum();
	}

	/** Records left to be read again (not yet final when a poll's answers were due). */
	long readAgainRecords() {
		return this.readAgain.sum();
	}

	/** Records of this relay's partitions not yet committed, as of each partition's last poll. */
	long lag() {
		return this.lag.values().stream().mapToLong(Long::longValue).sum();
	}

	/** Partitions this relay owns and has polled. */
	int partitions() {
		return this.lag.size();
	}

}
