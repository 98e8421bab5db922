package io.github.vwopush;

/**
 * Why a custom dimension ended the way it did. Each reason belongs to exactly one
 * {@link PushOutcome}; its {@link #tagValue() tag value} is low-cardinality and safe to use
 * as a metric tag.
 */
public enum PushReason {

	/** Delivered: VWO answered 2xx. */
	DELIVERED(PushOutcome.DELIVERED, "none"),

	/** Rejected: the key is null or blank. */
	INVALID_KEY(PushOutcome.REJECTED, "invalid_key"),

	/** Rejected: the key is longer than 255 characters. */
	KEY_TOO_LONG(PushOutcome.REJECTED, "key_too_long"),

	/** Rejected: the value is null or blank. */
	INVALID_VALUE(PushOutcome.REJECTED, "invalid_value"),

	/** Rejected: the value is longer than 255 characters. */
	VALUE_TOO_LONG(PushOutcome.REJECTED, "value_too_long"),

	/** Rejected: the key, value or user id contains a control character or a lone surrogate. */
	INVALID_CHARACTER(PushOutcome.REJECTED, "invalid_character"),

	/**
	 * Rejected: the value is neither a {@code String}, a {@code Boolean} nor a supported
	 * number ({@code Integer}, {@code Long}, {@code Short}, {@code Byte},
	 * {@code BigInteger}, {@code BigDecimal}, {@code Double}, {@code Float}); the message
	 * names its class.
	 */
	UNSUPPORTED_TYPE(PushOutcome.REJECTED, "unsupported_type"),

	/** Rejected: the value is a {@code Double} or {@code Float} that is NaN or infinite. */
	NON_FINITE_NUMBER(PushOutcome.REJECTED, "non_finite_number"),

	/** Rejected: no user id (null or blank). */
	MISSING_USER_ID(PushOutcome.REJECTED, "missing_user_id"),

	/** Rejected: the user id is longer than 255 characters. */
	USER_ID_TOO_LONG(PushOutcome.REJECTED, "user_id_too_long"),

	/**
	 * Rejected: the key starts with {@code vwo_} (case-sensitive), the prefix of VWO's own
	 * properties such as {@code vwo_fs_environment}; a user's key must never overwrite one
	 * or repeat it in the same JSON object.
	 */
	RESERVED_KEY(PushOutcome.REJECTED, "reserved_key"),

	/** Rejected: the visitor's session id, user agent or IP address is not valid. */
	INVALID_VISITOR(PushOutcome.REJECTED, "invalid_visitor"),

	/** Rejected: a {@code @VwoDimension} expression could not be evaluated. */
	EVALUATION_ERROR(PushOutcome.REJECTED, "evaluation_error"),

	/**
	 * Rejected: the map given to {@code push} could not be read to the end (it changed
	 * while being read, or its iterator or {@code size()} threw); the entries read so far
	 * are rejected (at least one dimension is counted), none is sent.
	 */
	UNREADABLE_MAP(PushOutcome.REJECTED, "unreadable_map"),

	/** Failed: VWO answered with a 4xx status that is not worth retrying. */
	HTTP_4XX(PushOutcome.FAILED, "http_4xx"),

	/** Failed: VWO kept answering 429 until the retries ran out. */
	HTTP_429(PushOutcome.FAILED, "http_429"),

	/** Failed: VWO kept answering 5xx until the retries ran out. */
	HTTP_5XX(PushOutcome.FAILED, "http_5xx"),

	/** Failed: VWO answered 413 for a request holding only this dimension. */
	PAYLOAD_TOO_LARGE(PushOutcome.FAILED, "payload_too_large"),

	/**
	 * Failed: VWO (or a proxy in front of it) kept refusing a request holding only this
	 * dimension while it accepted other requests sent at the same time: a payload it will
	 * never take. It was isolated, as for a 413, and failed so that it no longer holds up
	 * delivery.
	 */
	POISON(PushOutcome.FAILED, "poison"),

	/** Failed: every attempt timed out. */
	TIMEOUT(PushOutcome.FAILED, "timeout"),

	/** Failed: every attempt ended in a connection error. */
	IO_ERROR(PushOutcome.FAILED, "io_error"),

	/** Failed: an unexpected error in the sender (a bug: please report it). */
	INTERNAL_ERROR(PushOutcome.FAILED, "internal_error"),

	/** Dropped: the in-memory queue was full. */
	QUEUE_FULL(PushOutcome.DROPPED, "queue_full"),

	/** Dropped: the application shut down before the dimension could be delivered. */
	SHUTDOWN(PushOutcome.DROPPED, "shutdown"),

	/** Handed off: the engine's outlet (the Kafka outbox) acknowledged it; a relay delivers it to VWO. */
	OUTBOX(PushOutcome.HANDED_OFF, "outbox"),

	/** Dropped: development mode validates and counts but sends nothing. */
	DEV_MODE(PushOutcome.DROPPED, "dev_mode"),

	/** Dropped: the disk spool reached {@code vwo.spool.max-size}. */
	SPOOL_FULL(PushOutcome.DROPPED, "spool_full"),

	/**
	 * Spooled: kept on disk at shutdown, for the next start to deliver. In a
	 * {@code pushAsync} result it also means parked on disk while VWO is unreachable or
	 * memory is short: delivery goes on from there, and its final outcome is counted in the
	 * meters, not reported to the future.
	 */
	SPOOLED(PushOutcome.SPOOLED, "spooled");

	private final PushOutcome outcome;

	private final String tagValue;

	PushReason(PushOutcome outcome, String tagValue) {
		this.outcome = outcome;
		this.tagValue = tagValue;
	}

	/**
	 * The outcome this reason belongs to.
	 * @return the outcome
	 */
	public PushOutcome outcome() {
		return this.outcome;
	}

	/**
	 * The value of the {@code reason} tag on the {@code vwo.push.dimensions} meter.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
