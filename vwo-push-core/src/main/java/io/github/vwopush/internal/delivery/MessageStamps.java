package io.github.vwopush.internal.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Message stamps for event-architecture message ids ({@code <visitor>-<stamp>}): the time
 * in milliseconds, moved past the user's last stamp when one user has two payloads in one
 * millisecond. Kept per user, so that a busy account does not run the stamps ahead of the
 * clock: only a user pushing faster than once a millisecond does, and only for as long as
 * it does. Sender thread only.
 */
final class MessageStamps {

	/** Beyond this many users, forget those whose last stamp is in the past (a new stamp is never below now). */
	private static final int PRUNE_ABOVE = 10_000;

	private final Map<String, Long> lastByUser = new HashMap<>();

	/**
	 * One stamp per slice, unique per user.
	 * @param slices a request's slices
	 * @return their stamps, in order
	 */
	long[] next(List<Slice> slices) {
		long now = System.currentTimeMillis();
		if (this.lastByUser.size() > PRUNE_ABOVE) {
			this.lastByUser.values().removeIf((last) -> last < now);
		}
		long[] stamps = new long[slices.size()];
		for (int i = 0; i < stamps.length; i++) {
			Long last = this.lastByUser.get(slices.get(i).push.userId);
			long stamp = (last != null && last >= now) ? last + 1 : now;
			this.lastByUser.put(slices.get(i).push.userId, stamp);
			stamps[i] = stamp;
		}
		return stamps;
	}

}
