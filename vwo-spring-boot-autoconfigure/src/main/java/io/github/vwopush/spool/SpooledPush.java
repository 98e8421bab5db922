package io.github.vwopush.spool;

/**
 * One push call as the spool stores it.
 *
 * @param seq its sequence number in the spool
 * @param userId the user id
 * @param acceptedAtMillis when it was pushed
 * @param keys the keys
 * @param values the values
 */
public record SpooledPush(long seq, String userId, long acceptedAtMillis, String[] keys, String[] values) {

}
