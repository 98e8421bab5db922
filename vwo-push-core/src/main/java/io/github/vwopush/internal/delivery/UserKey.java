package io.github.vwopush.internal.delivery;

/**
 * One user's dimension: VWO keeps the last value it receives for it, so two values of one
 * user key must reach VWO in the order they were pushed.
 */
record UserKey(String userId, String key) {

	static UserKey of(QueuedPush push, int index) {
		return new UserKey(push.userId, push.keys[index]);
	}

}
