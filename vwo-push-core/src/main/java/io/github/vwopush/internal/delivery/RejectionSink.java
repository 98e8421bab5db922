package io.github.vwopush.internal.delivery;

import io.github.vwopush.PushReason;

/**
 * A push service that also takes dimensions rejected before they could be pushed (a
 * {@code @VwoDimension} expression that failed), so that they are counted, logged and
 * reported like any other rejection. {@link DefaultVwoPushService} and
 * {@link ValidatingPushService} are the two.
 */
public interface RejectionSink {

	/**
	 * Count and report one dimension rejected before it could be pushed.
	 * @param key the custom dimension key
	 * @param reason a reason whose outcome is {@link io.github.vwopush.PushOutcome#REJECTED}
	 * @param message what went wrong; must not contain the user id or the value
	 */
	void reject(String key, PushReason reason, String message);

}
