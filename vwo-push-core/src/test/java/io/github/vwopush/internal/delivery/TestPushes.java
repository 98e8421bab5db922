package io.github.vwopush.internal.delivery;

/** Queued pushes for the engine's unit tests. */
final class TestPushes {

	private TestPushes() {
	}

	/**
	 * A push of one user's keys and values, in order.
	 * @param user the user id
	 * @param keysAndValues key, value, key, value, ...
	 * @return the push, as the service would queue it
	 */
	static QueuedPush push(String user, String... keysAndValues) {
		String[] keys = new String[keysAndValues.length / 2];
		String[] values = new String[keys.length];
		for (int i = 0; i < keys.length; i++) {
			keys[i] = keysAndValues[2 * i];
			values[i] = keysAndValues[2 * i + 1];
		}
		return new QueuedPush(user, keys, values, 0, 0, null);
	}

}
