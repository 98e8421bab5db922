package io.github.vwopush.metrics;

/**
 * The name and tag keys of every meter the starter registers, in one place. The README's
 * Observability section documents each of them.
 */
public final class VwoPushMeterNames {

	/** Custom dimensions by final outcome; tags {@link #RESULT} and {@link #REASON}. */
	public static final String DIMENSIONS = "vwo.push.dimensions";

	/** Valid custom dimensions handed to the service. */
	public static final String ACCEPTED = "vwo.push.accepted";

	/** Custom dimensions a previous run left in the disk spool, recovered at startup. */
	public static final String RECOVERED = "vwo.push.recovered";

	/** HTTP requests to VWO's push endpoints; tags {@link #TRANSPORT}, {@link #OUTCOME}, {@link #STATUS}. */
	public static final String REQUESTS = "vwo.push.requests";

	/** Custom dimensions carried by one request. */
	public static final String BATCH_SIZE = "vwo.push.batch.size";

	/** Custom dimensions waiting in the queue. */
	public static final String QUEUE_SIZE = "vwo.push.queue.size";

	/** The most custom dimensions the queue holds. */
	public static final String QUEUE_CAPACITY = "vwo.push.queue.capacity";

	/** Estimated heap held by the queued custom dimensions. */
	public static final String QUEUE_BYTES = "vwo.push.queue.bytes";

	/** Custom dimensions accepted and not yet at their final outcome. */
	public static final String PENDING = "vwo.push.pending";

	/** Custom dimensions kept on disk only, waiting to be read back. */
	public static final String SPOOL_PARKED = "vwo.push.spool.parked";

	/** Disk space the spool uses. */
	public static final String SPOOL_SIZE = "vwo.push.spool.size";

	/** The most disk space the spool may use ({@code vwo.spool.max-size}); 0 without the spool. */
	public static final String SPOOL_MAX_SIZE = "vwo.push.spool.max.size";

	/** The most heap the queued custom dimensions may hold ({@code vwo.queue.max-size}). */
	public static final String QUEUE_MAX_BYTES = "vwo.push.queue.max.bytes";

	/** Requests to VWO's push endpoints in flight now. */
	public static final String REQUESTS_IN_FLIGHT = "vwo.push.requests.in.flight";

	/** The most requests in flight at once ({@code vwo.http.max-in-flight}). */
	public static final String REQUESTS_IN_FLIGHT_MAX = "vwo.push.requests.in.flight.max";

	/**
	 * How long requests to VWO have been failing: since the first failed request after the
	 * last success; 0 while the last request succeeded (the health contributor's
	 * {@code DEGRADED}).
	 */
	public static final String OUTAGE_DURATION = "vwo.push.outage.duration";

	/** What VWO says of the account id and SDK key: 1 for the current {@link #STATE}, 0 for the others. */
	public static final String CREDENTIALS = "vwo.push.credentials";

	/** Tag of {@link #DIMENSIONS}: the outcome ({@code success}, {@code rejected}, ...). */
	public static final String RESULT = "result";

	/** Tag of {@link #DIMENSIONS}: the low-cardinality reason ({@code none}, {@code queue_full}, ...). */
	public static final String REASON = "reason";

	/** Tag of {@link #REQUESTS}: {@code batch}, {@code event-arch} or {@code legacy}. */
	public static final String TRANSPORT = "transport";

	/** Tag of {@link #REQUESTS}: {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR}, ... */
	public static final String OUTCOME = "outcome";

	/** Tag of {@link #REQUESTS}: the HTTP status, or {@code none} without a response. */
	public static final String STATUS = "status";

	/** Tag of {@link #CREDENTIALS}: {@code unknown}, {@code accepted} or {@code rejected}. */
	public static final String STATE = "state";

	private VwoPushMeterNames() {
	}

}
