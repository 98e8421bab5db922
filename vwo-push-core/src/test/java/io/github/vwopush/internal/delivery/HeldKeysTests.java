package io.github.vwopush.internal.delivery;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user key stays held until every push that holds it is final, a push's keys until the
 * whole push is, and releasing a push releases only what went into a request.
 */
class HeldKeysTests {

	private final HeldKeys held = new HeldKeys();

	private static QueuedPush push(String user, String... keysAndValues) {
		return TestPushes.push(user, keysAndValues);
	}

	private static Slice take(QueuedPush push, int from, int to) {
		push.taken = to;
		return new Slice(push, from, to);
	}

	@Test
	void aKeyHeldTwiceIsHeldUntilBothPushesAreReleased() {
		QueuedPush first = push("u", "plan", "gold");
		QueuedPush second = push("u", "plan", "silver");
		this.held.hold(List.of(take(first, 0, 1), take(second, 0, 1)));
		this.held.release(first);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isTrue();
		this.held.release(second);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isFalse();
		assertThat(this.held.isEmpty()).isTrue();
	}

	@Test
	void aPushSplitOverTwoRequestsHoldsEveryKeyItSentUntilItIsReleasedWhole() {
		QueuedPush split = push("u", "a", "v1", "b", "x");
		this.held.hold(List.of(take(split, 0, 1)));
		this.held.hold(List.of(take(split, 1, 2)));
		// The request with [a] has succeeded, [b] is still retrying: a stays held.
		assertThat(this.held.contains(new UserKey("u", "a"))).isTrue();
		this.held.release(split);
		assertThat(this.held.isEmpty()).isTrue();
	}

	@Test
	void releasingAPushThatNeverWentIntoARequestLeavesAnotherRequestsHoldAlone() {
		QueuedPush inFlight = push("u", "plan", "gold");
		this.held.hold(List.of(take(inFlight, 0, 1)));
		QueuedPush refused = push("u", "plan", "silver");
		this.held.release(refused);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isTrue();
	}

	@Test
	void releasingAPartlyTakenPushReleasesOnlyWhatWasTaken() {
		QueuedPush other = push("u", "b", "y");
		this.held.hold(List.of(take(other, 0, 1)));
		QueuedPush partly = push("u", "a", "v1", "b", "x");
		this.held.hold(List.of(take(partly, 0, 1)));
		// Its [b] never went into a request (left at shutdown): the other push's hold on b stays.
		this.held.release(partly);
		assertThat(this.held.contains(new UserKey("u", "a"))).isFalse();
		assertThat(this.held.contains(new UserKey("u", "b"))).isTrue();
	}

}
