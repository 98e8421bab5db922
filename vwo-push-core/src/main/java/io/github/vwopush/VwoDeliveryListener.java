package io.github.vwopush;

import java.time.Duration;

/**
 * Hears every final outcome and every HTTP request of a {@link VwoPushEngine}, for
 * counting (the starter's meters implement it). Implementations must be fast and must not
 * throw: they run on callers' threads (rejections) and on the engine's sender thread.
 */
public interface VwoDeliveryListener {

	/**
	 * Dimensions reached their final outcome.
	 * @param reason the outcome's reason
	 * @param count how many dimensions
	 */
	default void dimensionsFinished(PushReason reason, int count) {
	}

	/**
	 * Dimensions a previous process left in the disk spool were recovered at startup; they
	 * will reach a final outcome in this process.
	 * @param count how many dimensions
	 */
	default void dimensionsRecovered(long count) {
	}

	/**
	 * An HTTP request to VWO's push endpoints finished.
	 * @param request what it carried and produced
	 */
	default void requestCompleted(Request request) {
	}

	/**
	 * One finished HTTP request to VWO's push endpoints; holds no request data and no
	 * secret.
	 *
	 * @param transport the transport
	 * @param outcome {@code SUCCESS}, {@code CLIENT_ERROR}, {@code SERVER_ERROR},
	 * {@code UNKNOWN}, {@code TIMEOUT} or {@code IO_ERROR}
	 * @param status the HTTP status, or {@code 0} when no response arrived
	 * @param elapsed how long the exchange took
	 * @param dimensions how many dimensions it carried
	 */
	record Request(VwoTransport transport, String outcome, int status, Duration elapsed, int dimensions) {

		/**
		 * Whether VWO answered 2xx.
		 * @return {@code true} on a 2xx status
		 */
		public boolean isSuccess() {
			return this.status >= 200 && this.status < 300;
		}

	}

}
