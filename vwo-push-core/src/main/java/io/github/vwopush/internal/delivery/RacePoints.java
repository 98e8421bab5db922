package io.github.vwopush.internal.delivery;

/**
 * Points in the engine where two threads race, named so that the engine's own
 * fault-schedule tests can hold a thread there and make a race that a run hits once in
 * millions happen in every scenario. In production nothing is held: {@link #NONE}.
 */
@FunctionalInterface
interface RacePoints {

	RacePoints NONE = (point) -> {
	};

	enum Point {

		/** A push is in the queue, where the sender can take it, and its offer has not returned. */
		PUSH_VISIBLE,

		/** The sender sent a request and has not yet looked at the clock or at the answers. */
		REQUEST_SENT

	}

	/** Called by the thread at the point; a test may hold it there for a while. */
	void reached(Point point);

}
