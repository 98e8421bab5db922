package io.github.vwopush.test;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import org.jspecify.annotations.Nullable;

/**
 * What the application pushed, one {@link RecordedPush} per custom dimension, in the order
 * the push service received them; created by {@link AutoConfigureVwoPushRecorder}.
 * <p>
 * The lists are snapshots that work with any assertion library:
 * <pre class="code">
 * assertThat(recorder.pushes())
 *     .extracting(RecordedPush::userId, RecordedPush::key, RecordedPush::value, RecordedPush::outcome)
 *     .containsExactly(tuple("alice", "plan", "gold", PushOutcome.DELIVERED));
 * </pre> and the {@code assert*} methods throw an {@link AssertionError} that lists what was
 * recorded. Recording is thread-safe; it is cleared after each test method, or by
 * {@link #reset()}.
 */
public final class VwoPushRecorder {

	private final List<RecordedPush> pushes = new CopyOnWriteArrayList<>();

	VwoPushRecorder() {
	}

	void record(@Nullable String userId, @Nullable String key, @Nullable Object value, @Nullable String text,
			DimensionResult result) {
		this.pushes.add(new RecordedPush(userId, key, text, result.reason(), result.message(), value));
	}

	/**
	 * Every dimension pushed since the last reset, valid or not.
	 * @return a snapshot, oldest first
	 */
	public List<RecordedPush> pushes() {
		return List.copyOf(this.pushes);
	}

	/**
	 * The valid dimensions (those production would have queued and delivered).
	 * @return a snapshot, oldest first
	 */
	public List<RecordedPush> delivered() {
		return this.pushes.stream().filter(RecordedPush::isDelivered).toList();
	}

	/**
	 * The dimensions rejected as invalid, each with production's reason.
	 * @return a snapshot, oldest first
	 */
	public List<RecordedPush> rejected() {
		return this.pushes.stream().filter(RecordedPush::isRejected).toList();
	}

	/**
	 * Assert that a valid push of {@code key=value} for the user was recorded. The value is
	 * compared with the {@linkplain RecordedPush#value() string form}, so {@code "42"} also
	 * matches a push of the number 42.
	 * @param userId the user id
	 * @param key the custom dimension key
	 * @param value the value
	 * @throws AssertionError if there was none
	 */
	public void assertPushed(String userId, String key, String value) {
		for (RecordedPush push : this.pushes) {
			if (push.isDelivered() && Objects.equals(push.userId(), userId) && Objects.equals(push.key(), key)
					&& Objects.equals(push.value(), value)) {
				return;
			}
		}
		throw new AssertionError("Expected a valid push of " + key + "=" + value + " for user '" + userId + "'"
				+ recorded());
	}

	/**
	 * Assert that a valid push of {@code key=value} for the user was recorded, with the
	 * value's type: {@code assertPushed("alice", "seats", 3)} needs an {@code Integer} 3.
	 * @param userId the user id
	 * @param key the custom dimension key
	 * @param value the value as pushed
	 * @throws AssertionError if there was none
	 */
	public void assertPushed(String userId, String key, Object value) {
		for (RecordedPush push : this.pushes) {
			if (push.isDelivered() && Objects.equals(push.userId(), userId) && Objects.equals(push.key(), key)
					&& Objects.equals(push.typedValue(), value)) {
				return;
			}
		}
		throw new AssertionError("Expected a valid push of " + key + "=" + value + " ("
				+ value.getClass().getSimpleName() + ") for user '" + userId + "'" + recorded());
	}

	/**
	 * Assert that a push of the key was recorded as rejected with the reason.
	 * @param key the custom dimension key
	 * @param reason the reason, for example {@link PushReason#INVALID_VALUE}
	 * @throws AssertionError if there was none
	 */
	public void assertRejected(@Nullable String key, PushReason reason) {
		for (RecordedPush push : this.pushes) {
			if (push.reason() == reason && Objects.equals(push.key(), key)) {
				return;
			}
		}
		throw new AssertionError("Expected a push of key '" + key + "' rejected with reason " + reason.tagValue()
				+ recorded());
	}

	/**
	 * Assert that nothing was pushed, valid or not.
	 * @throws AssertionError if something was
	 */
	public void assertNothingPushed() {
		if (!this.pushes.isEmpty()) {
			throw new AssertionError("Expected no push" + recorded());
		}
	}

	/**
	 * Forget everything recorded so far.
	 */
	public void reset() {
		this.pushes.clear();
	}

	private String recorded() {
		List<RecordedPush> all = pushes();
		if (all.isEmpty()) {
			return ", but nothing was pushed";
		}
		return ", but the pushes were:" + all.stream().map(VwoPushRecorder::describe).collect(Collectors.joining());
	}

	private static String describe(RecordedPush push) {
		String why = push.isRejected() ? " (" + push.reason().tagValue() + ": " + push.message() + ")" : "";
		String type = (push.typedValue() != null && !(push.typedValue() instanceof String))
				? " (" + push.typedValue().getClass().getSimpleName() + ")" : "";
		return "\n  user '" + push.userId() + "': " + push.key() + "=" + push.value() + type + " -> " + push.outcome()
				+ why;
	}

}
