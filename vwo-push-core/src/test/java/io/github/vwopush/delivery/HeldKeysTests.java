package io.github.vwopush.delivery;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user key stays held until every slice that holds it is final, and settling a slice that
 * never went into a request (refused by a full spool, left at shutdown) releases nothing.
 */
class HeldKeysTests {

	private final HeldKeys held = new HeldKeys();

	private static QueuedPush push(String user, String key, String value) {
		return new QueuedPush(user, new String[] { key }, new String[] { value }, 0, 0, null);
	}

	@Test
	void aKeyHeldTwiceIsHeldUntilBothAreReleased() {
		Slice first = new Slice(push("u", "plan", "gold"), 0, 1);
		Slice second = new Slice(push("u", "plan", "silver"), 0, 1);
		this.held.hold(List.of(first, second));
		this.held.release(first);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isTrue();
		this.held.release(second);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isFalse();
		assertThat(this.held.isEmpty()).isTrue();
	}

	@Test
	void releasingASliceThatWasNeverHeldLeavesAnotherRequestsHoldAlone() {
		Slice inFlight = new Slice(push("u", "plan", "gold"), 0, 1);
		this.held.hold(List.of(inFlight));
		Slice refused = new Slice(push("u", "plan", "silver"), 0, 1);
		this.held.release(refused);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isTrue();
	}

	@Test
	void releasingTheSameSliceTwiceReleasesOnce() {
		Slice first = new Slice(push("u", "plan", "gold"), 0, 1);
		Slice second = new Slice(push("u", "plan", "silver"), 0, 1);
		this.held.hold(List.of(first, second));
		this.held.release(first);
		this.held.release(first);
		assertThat(this.held.contains(new UserKey("u", "plan"))).isTrue();
	}

}
