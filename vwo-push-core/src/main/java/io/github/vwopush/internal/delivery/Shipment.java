package io.github.vwopush.internal.delivery;

import java.util.List;

import io.github.vwopush.internal.http.HttpResult;
import org.jspecify.annotations.Nullable;
import reactor.core.Disposable;

/**
 * The dimensions of one request, sent and retried as a whole until each has a final
 * outcome. Sender thread only.
 */
final class Shipment {

	final List<Slice> slices;

	final int dimensions;

	/** The order in which its dimensions were first sent; the parts of a split request keep it. */
	long number;

	int attempts;

	long firstAttemptNanos;

	/** Each slice's message stamp, kept by the retries: event-architecture message ids derive from them. */
	long @Nullable [] messageStamps;

	/** The failure streak's generation when it was last sent: an older one's failure is not news. */
	long failureGeneration;

	/** The last failed attempt's result, for the message when the retry budget runs out. */
	@Nullable HttpResult lastFailure;

	/**
	 * How many answers VWO had accepted when it last failed in a retryable way (or when it
	 * was split off a request VWO kept refusing), or -1: an acceptance since shows that VWO
	 * takes other requests while refusing this one.
	 */
	long failedAtAccepted = -1;

	/** How many fresh requests VWO had refused when it last failed. */
	long failedAtRefused;

	/** Strikes: refusals after VWO accepted other requests and refused no fresh one. */
	int strikes;

	/** Its next attempt should wait for another request to go first and show whether VWO answers. */
	boolean wantsProbe;

	/** Split off a failed request only to have a probe where there was no other traffic: not split again for that. */
	boolean probeHalf;

	/** What must wait for this one to be final (the second half of a request split after a 413). */
	@Nullable Shipment then;

	/**
	 * For a half of a request split into halves that go at once: the request they stand for,
	 * whose {@code then} goes only once both are final.
	 */
	@Nullable Join join;

	/** The exchange in flight, to cancel at shutdown's deadline. */
	@Nullable Disposable exchange;

	Shipment(List<Slice> slices) {
		this.slices = slices;
		this.dimensions = Slice.count(slices);
	}

	/** The halves of a split request that go at once, and how many of them are not final yet. */
	static final class Join {

		final Shipment whole;

		int pending = 2;

		Join(Shipment whole) {
			this.whole = whole;
		}

	}

	long oldestAcceptedNanos() {
		long oldest = Long.MAX_VALUE;
		for (Shipment part = this; part != null; part = part.then) {
			for (Slice slice : part.slices) {
				oldest = Math.min(oldest, slice.push.acceptedAtNanos);
			}
		}
		return oldest;
	}

}
