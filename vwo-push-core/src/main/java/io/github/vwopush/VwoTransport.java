package io.github.vwopush;

/**
 * The VWO endpoint that carries push events ({@code vwo.transport}).
 */
public enum VwoTransport {

	/** FullStack: {@code POST /server-side/batch-events}, many dimensions per request. */
	BATCH("batch"),

	/** Both platforms: {@code POST /events/t}, all keys of one push call in one request. */
	EVENT_ARCH("event-arch"),

	/** FullStack: {@code GET /server-side/push}, one key per request. */
	LEGACY("legacy"),

	/** FME: {@code POST /server-side/batch-events-v2}, many push calls per request. */
	BATCH_V2("batch-v2");

	private final String tagValue;

	VwoTransport(String tagValue) {
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
