package io.github.vwopush.internal.delivery;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.protocol.Transport;

/**
 * Hears every final outcome and every HTTP request, for counting. Implementations must be
 * fast and must not throw: they run on callers' threads (rejections) and on the sender.
 * <p>
 * Internal, may change without notice: the starter's accounting and meters implement it,
 * and the auto-configuration hands the service only those. Applications observe delivery
 * through the Micrometer meters, the health contributor, the {@code vwo} endpoint and
 * {@code pushAsync} results.
 */
public interface DeliveryListener {

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
	 * @param transport the transport
	 * @param result what it produced
	 * @param dimensions how many dimensions it carried
	 */
	default void requestCompleted(Transport transport, HttpResult result, int dimensions) {
	}

}
