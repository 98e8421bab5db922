package io.github.vwopush.internal.delivery;

import java.util.List;

/** Dimensions {@code from} (inclusive) to {@code to} (exclusive) of one push. Sender thread only. */
final class Slice {

	final QueuedPush push;

	final int from;

	final int to;

	/** Set once its outcome is settled, so that no path can settle it twice. */
	boolean finished;

	Slice(QueuedPush push, int from, int to) {
		this.push = push;
		this.from = from;
		this.to = to;
	}

	int size() {
		return this.to - this.from;
	}

	static int count(List<Slice> slices) {
		int count = 0;
		for (Slice slice : slices) {
			count += slice.size();
		}
		return count;
	}

}
