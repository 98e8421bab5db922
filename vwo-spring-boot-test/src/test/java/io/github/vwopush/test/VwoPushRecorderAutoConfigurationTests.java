package io.github.vwopush.test;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalDate;
import java.util.AbstractMap;
import java.util.ConcurrentModificationException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoVisitor;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import io.github.vwopush.autoconfigure.VwoDimensionAspectAutoConfiguration;
import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.delivery.ValidatingPushService;
import org.junit.jupiter.api.Test;

import org.springframework.aop.Advisor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.tuple;

class VwoPushRecorderAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class, VwoDimensionAspectAutoConfiguration.class,
				AopAutoConfiguration.class, VwoPushRecorderAutoConfiguration.class));

	@Test
	void recorderReplacesTheRealServiceAndStartsNoThread() {
		// Threads of earlier tests' contexts in this JVM may still be winding down: only new ones count.
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		this.contextRunner.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=secret").run((context) -> {
			assertThat(context).hasSingleBean(VwoPushService.class)
				.hasSingleBean(VwoPushRecorder.class)
				.doesNotHaveBean(DefaultVwoPushService.class)
				.hasBean("vwoDimensionAdvisor");
			assertThat(context.getBean(VwoPushService.class)).isInstanceOf(ValidatingPushService.class);
			context.getBean(VwoPushService.class).push("plan", "gold", "alice");
			assertThat(Thread.getAllStackTraces().keySet()).filteredOn((thread) -> !before.contains(thread))
				.extracting(Thread::getName)
				.noneMatch((name) -> name.startsWith("vwo-"));
		});
	}

	@Test
	void recorderNeedsNoVwoProperty() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(VwoPushService.class).hasSingleBean(Advisor.class);
			context.getBean(VwoPushService.class).push("plan", "gold", "alice");
			context.getBean(VwoPushRecorder.class).assertPushed("alice", "plan", "gold");
		});
	}

	@Test
	void pushRecordsValidDimensionsAsDeliveredAndAnswersAsProductionDoes() {
		this.contextRunner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			VwoPushRecorder recorder = context.getBean(VwoPushRecorder.class);
			assertThat(service.push("plan", "gold", "alice")).isTrue();
			Map<String, String> map = new LinkedHashMap<>();
			map.put("billing", "yearly");
			map.put("bad", " ");
			map.put("seats", "5");
			assertThat(service.push(map, "bob")).containsExactly(Map.entry("billing", true), Map.entry("bad", false),
					Map.entry("seats", true));
			assertThat(map).hasSize(3);
			assertThat(service.flush(Duration.ofSeconds(1))).isTrue();
			assertThat(recorder.pushes())
				.extracting(RecordedPush::userId, RecordedPush::key, RecordedPush::value, RecordedPush::outcome)
				.containsExactly(tuple("alice", "plan", "gold", PushOutcome.DELIVERED),
						tuple("bob", "billing", "yearly", PushOutcome.DELIVERED),
						tuple("bob", "bad", " ", PushOutcome.REJECTED),
						tuple("bob", "seats", "5", PushOutcome.DELIVERED));
			assertThat(recorder.delivered()).hasSize(3);
			assertThat(recorder.rejected()).singleElement()
				.satisfies((push) -> assertThat(push.reason()).isEqualTo(PushReason.INVALID_VALUE));
		});
	}

	@Test
	void aPushWithVisitorContextIsValidatedAsInProduction() {
		this.contextRunner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			VwoPushRecorder recorder = context.getBean(VwoPushRecorder.class);
			assertThat(service.push(Map.of("plan", "gold"), VwoVisitor.of("alice").withIpAddress("not-an-ip")))
				.containsExactly(Map.entry("plan", false));
			assertThat(service.push(Map.of("plan", "silver"), VwoVisitor.of("bob").withIpAddress("192.0.2.1")))
				.containsExactly(Map.entry("plan", true));
			recorder.assertRejected("plan", PushReason.INVALID_VISITOR);
			recorder.assertPushed("bob", "plan", "silver");
		});
	}

	@Test
	void invalidInputIsRejectedWithProductionsReasonAndMessage() {
		this.contextRunner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			VwoPushRecorder recorder = context.getBean(VwoPushRecorder.class);
			assertThat(service.push("plan", "gold", null)).isFalse();
			assertThat(service.push("k".repeat(256), "gold", "alice")).isFalse();
			assertThat(service.push("plan", "go\nld", "alice")).isFalse();
			assertThat(service.push("plan", "\uD83D", "alice")).isFalse();
			assertThat(service.push("plan", "\uD83D\uDE00", "alice")).isTrue();
			assertThat(service.push("plan", "v".repeat(256), "alice")).isFalse();
			assertThat(service.push(" ", "gold", "alice")).isFalse();
			assertThat(service.push("plan", "gold", "u".repeat(256))).isFalse();
			assertThat(recorder.pushes()).extracting(RecordedPush::reason, RecordedPush::message)
				.containsExactly(tuple(PushReason.MISSING_USER_ID, "user id is null; every push needs one"),
						tuple(PushReason.KEY_TOO_LONG,
								"custom dimension key is 256 characters long; VWO accepts at most 255"),
						tuple(PushReason.INVALID_CHARACTER,
								"value of custom dimension 'plan' contains control character U+000A at index 2"),
						tuple(PushReason.INVALID_CHARACTER,
								"value of custom dimension 'plan' contains unpaired surrogate U+D83D at index 0"),
						tuple(PushReason.DELIVERED, "valid; handed to the sink, not sent"),
						tuple(PushReason.VALUE_TOO_LONG,
								"value of custom dimension 'plan' is 256 characters long; VWO accepts at most 255"),
						tuple(PushReason.INVALID_KEY, "custom dimension key is blank"),
						tuple(PushReason.USER_ID_TOO_LONG,
								"user id is 256 characters long; VWO accepts at most 255"));
			recorder.assertRejected("plan", PushReason.VALUE_TOO_LONG);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> recorder.assertRejected("plan", PushReason.INVALID_VALUE))
				.withMessageContaining("rejected with reason invalid_value")
				.withMessageContaining("value_too_long");
		});
	}

	@Test
	void pushAsyncCompletesAtOnceWithEachKeysOutcome() {
		this.contextRunner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = new LinkedHashMap<>();
			map.put("plan", "gold");
			map.put("band", null);
			PushResult result = service.pushAsync(map, "alice").getNow(null);
			assertThat(result).isNotNull();
			assertThat(result.dimensions()).extracting(DimensionResult::key, DimensionResult::reason)
				.containsExactly(tuple("plan", PushReason.DELIVERED), tuple("band", PushReason.INVALID_VALUE));
			assertThat(service.pushAsync("plan", "gold", "alice").getNow(null).isDelivered()).isTrue();
			assertThat(context.getBean(VwoPushRecorder.class).pushes()).extracting(RecordedPush::key,
					RecordedPush::value, RecordedPush::reason)
				.containsExactly(tuple("plan", "gold", PushReason.DELIVERED),
						tuple("band", null, PushReason.INVALID_VALUE), tuple("plan", "gold", PushReason.DELIVERED));
		});
	}

	@Test
	void aMapThatCannotBeReadIsRejectedAsUnreadableAsInProduction() {
		this.contextRunner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			VwoPushRecorder recorder = context.getBean(VwoPushRecorder.class);
			assertThat(service.push(new FailingMap(), "alice")).isEmpty();
			assertThat(recorder.pushes()).singleElement().satisfies((push) -> {
				assertThat(push.reason()).isEqualTo(PushReason.UNREADABLE_MAP);
				assertThat(push.key()).isNull();
				assertThat(push.message()).contains("ConcurrentModificationException");
			});
		});
	}

	@Test
	void typedValuesAreRecordedWithTheirTypeAndStringForm() {
		this.contextRunner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			VwoPushRecorder recorder = context.getBean(VwoPushRecorder.class);
			assertThat(service.push("seats", 3, "alice")).isTrue();
			assertThat(service.pushAsync("paid", true, "alice").getNow(null).single().isDelivered()).isTrue();
			Map<String, Object> map = new LinkedHashMap<>();
			map.put("price", new BigDecimal("1E+2"));
			map.put("ratio", Double.NaN);
			map.put("when", LocalDate.of(2026, 11, 23));
			map.put("vwo_envKey", "x");
			assertThat(service.push(map, "bob")).containsExactly(Map.entry("price", true), Map.entry("ratio", false),
					Map.entry("when", false), Map.entry("vwo_envKey", false));
			assertThat(recorder.pushes())
				.extracting(RecordedPush::key, RecordedPush::value, RecordedPush::typedValue, RecordedPush::reason)
				.containsExactly(tuple("seats", "3", 3, PushReason.DELIVERED),
						tuple("paid", "true", true, PushReason.DELIVERED),
						tuple("price", "100", new BigDecimal("1E+2"), PushReason.DELIVERED),
						tuple("ratio", "NaN", Double.NaN, PushReason.NON_FINITE_NUMBER),
						tuple("when", "2026-11-23", LocalDate.of(2026, 11, 23), PushReason.UNSUPPORTED_TYPE),
						tuple("vwo_envKey", "x", "x", PushReason.RESERVED_KEY));
			recorder.assertPushed("alice", "seats", 3);
			recorder.assertPushed("alice", "seats", "3");
			recorder.assertPushed("alice", "paid", true);
			recorder.assertRejected("ratio", PushReason.NON_FINITE_NUMBER);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> recorder.assertPushed("alice", "seats", 3L))
				.withMessageStartingWith("Expected a valid push of seats=3 (Long) for user 'alice', but the pushes were:\n"
						+ "  user 'alice': seats=3 (Integer) -> DELIVERED\n");
		});
	}

	@Test
	void assertPushedSaysWhatWasPushedInstead() {
		this.contextRunner.run((context) -> {
			context.getBean(VwoPushService.class).push("plan", "silver", "alice");
			VwoPushRecorder recorder = context.getBean(VwoPushRecorder.class);
			assertThatExceptionOfType(AssertionError.class)
				.isThrownBy(() -> recorder.assertPushed("alice", "plan", "gold"))
				.withMessage("Expected a valid push of plan=gold for user 'alice', but the pushes were:\n"
						+ "  user 'alice': plan=silver -> DELIVERED");
			assertThatExceptionOfType(AssertionError.class).isThrownBy(recorder::assertNothingPushed);
			recorder.reset();
			recorder.assertNothingPushed();
		});
	}

	@Test
	void theCallersMapIsReadOnceAndTheValuesRecordedAreTheOnesValidated() {
		this.contextRunner.run((context) -> {
			ReadCountingMap map = new ReadCountingMap(Map.of("plan", "gold"));
			assertThat(context.getBean(VwoPushService.class).push(map, "alice")).containsExactly(Map.entry("plan", true));
			assertThat(map.reads).isEqualTo(1);
			context.getBean(VwoPushRecorder.class).assertPushed("alice", "plan", "gold");
		});
	}

	/** Counts how often it is iterated; reading it twice could see two different maps. */
	static final class ReadCountingMap extends AbstractMap<String, String> {

		private final Map<String, String> map;

		private int reads;

		ReadCountingMap(Map<String, String> map) {
			this.map = map;
		}

		@Override
		public int size() {
			return this.map.size();
		}

		@Override
		public Set<Entry<String, String>> entrySet() {
			this.reads++;
			return this.map.entrySet();
		}

	}

	/** A map whose iteration fails at once, as one modified by another thread may. */
	static final class FailingMap extends AbstractMap<String, String> {

		@Override
		public Set<Entry<String, String>> entrySet() {
			throw new ConcurrentModificationException();
		}

	}

}
