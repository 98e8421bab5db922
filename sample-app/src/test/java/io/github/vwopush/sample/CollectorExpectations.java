package io.github.vwopush.sample;

import org.assertj.core.api.AbstractStringAssert;

/** What the local collector must have received once the demo's three endpoints were called. */
public final class CollectorExpectations {

	private CollectorExpectations() {
	}

	/**
	 * Every dimension the demo pushes, and none of the raw user ids.
	 * @param received the collector's {@code /collector/received} body, asserted
	 */
	public static void assertDemoReceived(AbstractStringAssert<?> received) {
		received.contains("\"key\":\"plan\",\"value\":\"gold\"")
			.contains("\"key\":\"plan\",\"value\":\"silver\"")
			.contains("\"key\":\"billing\",\"value\":\"yearly\"")
			.contains("\"key\":\"price-band\",\"value\":\"standard\"")
			.contains("\"key\":\"cohort\",\"value\":\"2026-q4\"")
			.contains("\"key\":\"tenant\",\"value\":\"default\"")
			.doesNotContain("alice")
			.doesNotContain("bob")
			.doesNotContain("carol");
	}

}
