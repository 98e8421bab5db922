package io.github.vwopush.internal.delivery;

import io.github.vwopush.PushReason;

/**
 * Why an input was rejected.
 *
 * @param reason the reason
 * @param message what is wrong, without the value or the user id
 */
record Rejection(PushReason reason, String message) {

}
