package io.github.vwopush.internal.protocol;

/**
 * The VWO endpoint that carries push events.
 */
public enum Transport {

	/** {@code POST /server-side/batch-events}: one {@code eT=3} event per key, many per request. */
	BATCH("batch"),

	/** {@code POST /events/t?en=vwo_syncVisitorProp}: all keys of one push call in one request. */
	EVENT_ARCH("event-arch"),

	/** {@code GET /server-side/push}: one key per request. */
	LEGACY("legacy"),

	/**
	 * FME: {@code POST /server-side/batch-events-v2}: whole event-architecture payloads, one per
	 * push call, many per request.
	 */
	BATCH_V2("batch-v2");

	private final String tagValue;

	Transport(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * The name used in properties, metrics and logs.
	 * @return the name
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
