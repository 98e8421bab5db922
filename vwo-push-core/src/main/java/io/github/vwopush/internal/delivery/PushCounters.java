package io.github.vwopush.internal.delivery;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;

/**
 * The service's own exact accounting, kept whether or not Micrometer is present.
 */
public final class PushCounters implements DeliveryListener {

	private static final PushReason[] REASONS = PushReason.values();

	private final LongAdder accepted = new LongAdder();

	private final LongAdder recovered = new LongAdder();

	private final LongAdder[] byReason = new LongAdder[REASONS.length];

	PushCounters() {
		for (int i = 0; i < this.byReason.length; i++) {
			this.byReason[i] = new LongAdder();
		}
	}

	void accepted(int count) {
		this.accepted.add(count);
	}

	@Override
	public void dimensionsFinished(PushReason reason, int count) {
		this.byReason[reason.ordinal()].add(count);
	}

	@Override
	public void dimensionsRecovered(long count) {
		this.recovered.add(count);
	}

	/**
	 * Dimensions recovered from the disk spool at startup (accepted by a previous process).
	 * @return the count
	 */
	public long recovered() {
		return this.recovered.sum();
	}

	/**
	 * Valid dimensions handed to the service (rejected ones are not accepted).
	 * @return the count
	 */
	public long accepted() {
		return this.accepted.sum();
	}

	/**
	 * Dimensions that ended with a reason.
	 * @param reason the reason
	 * @return the count
	 */
	public long count(PushReason reason) {
		return this.byReason[reason.ordinal()].sum();
	}

	/**
	 * Dimensions that ended with an outcome.
	 * @param outcome the outcome
	 * @return the count
	 */
	public long count(PushOutcome outcome) {
		long total = 0;
		for (PushReason reason : REASONS) {
			if (reason.outcome() == outcome) {
				total += count(reason);
			}
		}
		return total;
	}

	/**
	 * Every reason with a non-zero count.
	 * @return reason to count
	 */
	public Map<PushReason, Long> byReason() {
		Map<PushReason, Long> counts = new EnumMap<>(PushReason.class);
		for (PushReason reason : REASONS) {
			long count = count(reason);
			if (count > 0) {
				counts.put(reason, count);
			}
		}
		return counts;
	}

}
