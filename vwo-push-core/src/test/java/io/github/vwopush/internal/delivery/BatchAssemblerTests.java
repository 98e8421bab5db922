package io.github.vwopush.internal.delivery;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How requests are cut from what the sender has taken, without HTTP: sizes, split pushes,
 * one push per request, flush barriers, and user keys held by requests in flight.
 */
class BatchAssemblerTests {

	private static final Set<UserKey> NONE_HELD = Set.of();

	private final BatchAssembler staged = new BatchAssembler();

	private static QueuedPush push(String user, String... keysAndValues) {
		return TestPushes.push(user, keysAndValues);
	}

	private List<String> take(int maxEvents, boolean onePush, Set<UserKey> held) {
		return describe(this.staged.take(maxEvents, onePush, held::contains));
	}

	private static List<String> describe(List<Slice> slices) {
		return slices.stream().flatMap((slice) -> {
			List<String> dimensions = new java.util.ArrayList<>();
			for (int i = slice.from; i < slice.to; i++) {
				dimensions.add(slice.push.userId + ":" + slice.push.keys[i] + "=" + slice.push.values[i]);
			}
			return dimensions.stream();
		}).toList();
	}

	@Test
	void aRequestTakesUpToMaxEventsAndTheRestOfASplitPushComesFirstNextTime() {
		this.staged.add(push("u1", "a", "1", "b", "2", "c", "3"));
		this.staged.add(push("u2", "a", "4"));
		assertThat(this.staged.dimensions()).isEqualTo(4);
		assertThat(take(2, false, NONE_HELD)).containsExactly("u1:a=1", "u1:b=2");
		assertThat(this.staged.dimensions()).isEqualTo(2);
		assertThat(take(2, false, NONE_HELD)).containsExactly("u1:c=3", "u2:a=4");
		assertThat(this.staged.isEmpty()).isTrue();
		assertThat(take(2, false, NONE_HELD)).isEmpty();
	}

	@Test
	void aLaterValueNeverSharesARequestWithTheRestOfAPushWhoseFirstPartWentEarlier() {
		// Final in that request while the push's first part is still pending, it would be older than the push's
		// replay after a restart (fault schedule seed 20217).
		this.staged.add(push("u1", "b", "1", "c", "2", "a", "3"));
		this.staged.add(push("u1", "a", "4"));
		this.staged.add(push("u2", "a", "5"));
		assertThat(take(2, false, NONE_HELD)).containsExactly("u1:b=1", "u1:c=2");
		assertThat(take(3, false, NONE_HELD)).containsExactly("u1:a=3", "u2:a=5");
		assertThat(take(3, false, NONE_HELD)).containsExactly("u1:a=4");
	}

	@Test
	void onePushPerRequestStopsAtTheFirstPush() {
		this.staged.add(push("u1", "a", "1", "b", "2"));
		this.staged.add(push("u2", "a", "3"));
		assertThat(take(10, true, NONE_HELD)).containsExactly("u1:a=1", "u1:b=2");
		assertThat(take(10, true, NONE_HELD)).containsExactly("u2:a=3");
	}

	@Test
	void aHeldUserKeyIsSkippedAndSoIsEveryLaterValueOfItWhileOthersGo() {
		this.staged.add(push("u1", "plan", "gold"));
		this.staged.add(push("u2", "plan", "silver"));
		this.staged.add(push("u1", "plan", "bronze"));
		this.staged.add(push("u1", "tier", "3"));
		Set<UserKey> held = new HashSet<>(Set.of(new UserKey("u1", "plan")));
		// u1's later plan must not overtake the skipped gold; another key of u1 may go.
		assertThat(take(10, false, held)).containsExactly("u2:plan=silver", "u1:tier=3");
		assertThat(this.staged.dimensions()).isEqualTo(2);
		held.clear();
		// What was skipped kept its place: gold before bronze.
		assertThat(take(10, false, held)).containsExactly("u1:plan=gold", "u1:plan=bronze");
	}

	@Test
	void aPushWithOneHeldKeyWaitsWhole() {
		this.staged.add(push("u1", "plan", "gold", "tier", "3"));
		this.staged.add(push("u1", "tier", "4"));
		Set<UserKey> held = Set.of(new UserKey("u1", "plan"));
		// tier=4 must not overtake tier=3, which waits with its push.
		assertThat(take(10, false, held)).isEmpty();
		assertThat(this.staged.dimensions()).isEqualTo(3);
		assertThat(take(10, false, NONE_HELD)).containsExactly("u1:plan=gold", "u1:tier=3", "u1:tier=4");
	}

	@Test
	void theSameUserKeyTwiceInOneRequestKeepsItsOrder() {
		this.staged.add(push("u1", "plan", "gold"));
		this.staged.add(push("u1", "plan", "silver"));
		assertThat(take(10, false, NONE_HELD)).containsExactly("u1:plan=gold", "u1:plan=silver");
	}

	@Test
	void aFlushBarrierIsNeverPassedAndIsReleasableOnceAtTheFront() {
		FlushBarrier barrier = new FlushBarrier();
		this.staged.add(push("u1", "a", "1"));
		this.staged.add(barrier);
		this.staged.add(push("u2", "a", "2"));
		assertThat(this.staged.hasBarrier()).isTrue();
		assertThat(this.staged.pollBarrier()).isNull();
		assertThat(take(10, false, NONE_HELD)).containsExactly("u1:a=1");
		assertThat(take(10, false, NONE_HELD)).isEmpty();
		assertThat(this.staged.pollBarrier()).isSameAs(barrier);
		assertThat(this.staged.hasBarrier()).isFalse();
		assertThat(take(10, false, NONE_HELD)).containsExactly("u2:a=2");
	}

	@Test
	void aSkippedPushInFrontOfABarrierKeepsTheBarrierBack() {
		FlushBarrier barrier = new FlushBarrier();
		this.staged.add(push("u1", "a", "1"));
		this.staged.add(barrier);
		assertThat(take(10, false, Set.of(new UserKey("u1", "a")))).isEmpty();
		assertThat(this.staged.pollBarrier()).isNull();
	}

	@Test
	void onlyAPushNoneOfWhichIsInARequestCanBeTakenBackFromTheEnd() {
		QueuedPush split = push("u1", "a", "1", "b", "2");
		this.staged.add(split);
		assertThat(take(1, false, NONE_HELD)).containsExactly("u1:a=1");
		assertThat(this.staged.pollNewestUntaken()).isNull();
		QueuedPush whole = push("u2", "a", "3");
		this.staged.add(whole);
		assertThat(this.staged.pollNewestUntaken()).isSameAs(whole);
		assertThat(this.staged.dimensions()).isEqualTo(1);
	}

}
