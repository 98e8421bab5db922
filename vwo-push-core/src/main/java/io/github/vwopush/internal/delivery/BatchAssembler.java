package io.github.vwopush.internal.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

/**
 * What the sender has taken from the queue and not yet put into a request, in acceptance
 * order, and how requests are cut from it. A push whose user key is held by a request in
 * flight is skipped, and so is every later push of that user key, so that a later value
 * never overtakes an earlier one; what is skipped keeps its place, and so does a flush
 * barrier behind it, which reaches the front once everything before it is in a request.
 * A barrier at the front stops a take: the sender takes it out first. Sender thread only;
 * no I/O.
 */
final class BatchAssembler {

	/** How many held pushes one take may step over before it settles for what it has. */
	private static final int MAX_SKIPPED = 1024;

	private final ArrayDeque<QueueItem> staged = new ArrayDeque<>();

	private int dimensions;

	private int barriers;

	void add(QueueItem item) {
		this.staged.addLast(item);
		if (item instanceof QueuedPush push) {
			this.dimensions += push.size() - push.taken;
		}
		else {
			this.barriers++;
		}
	}

	/**
	 * Cut the next request.
	 * @param maxEvents dimensions it may carry at most
	 * @param onePush whether it may carry one push only (one visitor per request)
	 * @param held whether a user key is held by a request not yet final
	 * @return its slices, in acceptance order; empty when nothing before the first barrier
	 * can go now
	 */
	List<Slice> take(int maxEvents, boolean onePush, Predicate<UserKey> held) {
		List<Slice> slices = new ArrayList<>();
		List<QueueItem> skipped = null;
		BlockedKeys blocked = new BlockedKeys(held);
		QueuedPush partial = null;
		int room = maxEvents;
		while (room > 0 && !this.staged.isEmpty()) {
			if (!(this.staged.peekFirst() instanceof QueuedPush push)) {
				if (skipped == null) {
					// At the front: everything before the barrier is in a request.
					break;
				}
				// Behind a held push: it keeps its place, and what came after it may go.
				skipped.add(this.staged.pollFirst());
				continue;
			}
			this.staged.pollFirst();
			if (blocked.blocks(push.userId, push.keys, push.taken)) {
				if (skipped == null) {
					skipped = new ArrayList<>();
				}
				skipped.add(push);
				blocked.stepOver(push.userId, push.keys, push.taken);
				if (skipped.size() >= MAX_SKIPPED) {
					break;
				}
				continue;
			}
			int from = push.taken;
			int to = Math.min(push.size(), from + room);
			slices.add(new Slice(push, from, to));
			if (from > 0) {
				// The rest of a push another request carries the first part of: a later value of one of its
				// keys must not be final before the whole push is, or a restart would replay the push over it.
				blocked.stepOver(push.userId, push.keys, 0);
			}
			push.taken = to;
			room -= to - from;
			this.dimensions -= to - from;
			if (to < push.size()) {
				partial = push;
				break;
			}
			if (onePush) {
				break;
			}
		}
		// Back in their places: the rest of a split push first, then what was skipped in front of it.
		if (partial != null) {
			this.staged.addFirst(partial);
		}
		if (skipped != null) {
			for (int i = skipped.size() - 1; i >= 0; i--) {
				this.staged.addFirst(skipped.get(i));
			}
		}
		return slices;
	}

	/** The flush barrier at the front, removed: everything queued before it is in a request. */
	@Nullable FlushBarrier pollBarrier() {
		if (this.staged.peekFirst() instanceof FlushBarrier barrier) {
			this.staged.pollFirst();
			this.barriers--;
			return barrier;
		}
		return null;
	}

	/** The newest push if none of it is in a request yet, removed (to park it on disk). */
	@Nullable QueuedPush pollNewestUntaken() {
		if (this.staged.peekLast() instanceof QueuedPush newest && newest.taken == 0) {
			this.staged.pollLast();
			this.dimensions -= newest.size();
			return newest;
		}
		return null;
	}

	@Nullable QueueItem pollFirst() {
		QueueItem item = this.staged.pollFirst();
		if (item instanceof QueuedPush push) {
			this.dimensions -= push.size() - push.taken;
		}
		else if (item != null) {
			this.barriers--;
		}
		return item;
	}

	/** The oldest push not wholly in a request. */
	@Nullable QueuedPush oldestPush() {
		for (QueueItem item : this.staged) {
			if (item instanceof QueuedPush push) {
				return push;
			}
		}
		return null;
	}

	/** The user keys of what waits here: a push of one of them read back would wait behind it. */
	Set<UserKey> userKeys() {
		Set<UserKey> keys = new HashSet<>();
		for (QueueItem item : this.staged) {
			if (item instanceof QueuedPush push) {
				for (int i = push.taken; i < push.size(); i++) {
					keys.add(UserKey.of(push, i));
				}
			}
		}
		return keys;
	}

	/** Dimensions waiting here. */
	int dimensions() {
		return this.dimensions;
	}

	/** Whether a push is first: something can go before any flush barrier. */
	boolean startsWithPush() {
		return this.staged.peekFirst() instanceof QueuedPush;
	}

	/** Whether a flush barrier is first: everything before it is in a request. */
	boolean startsWithBarrier() {
		return this.staged.peekFirst() instanceof FlushBarrier;
	}

	boolean hasBarrier() {
		return this.barriers > 0;
	}

	boolean isEmpty() {
		return this.staged.isEmpty();
	}

}
