package io.github.vwopush;

/**
 * The final outcome of one custom dimension. Each dimension handed to
 * {@link VwoPushService} ends in exactly one of these.
 */
public enum PushOutcome {

	/** VWO answered the request that carried the dimension with a 2xx status. */
	DELIVERED("success"),

	/** The input was invalid; nothing was sent. */
	REJECTED("rejected"),

	/** VWO refused the request, or every attempt to reach it failed. */
	FAILED("failure"),

	/**
	 * An outlet holds the dimension ({@code VwoPushEngine.Builder#outlet}, such as the Kafka
	 * outbox of {@code vwo-spring-boot-kafka}): a relay delivers it to VWO and counts that
	 * outcome in its own meters. Not a delivery to VWO.
	 */
	HANDED_OFF("handed_off"),

	/** The dimension was valid but was not sent (queue full, shutdown, development mode). */
	DROPPED("dropped"),

	/**
	 * The application stopped before delivery, and the dimension is kept in the disk spool
	 * ({@code vwo.spool.enabled}): the next start delivers it.
	 */
	SPOOLED("spooled");

	private final String tagValue;

	PushOutcome(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * The value of the {@code result} tag on the {@code vwo.push.dimensions} meter.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
