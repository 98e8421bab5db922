package io.github.vwopush;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import io.github.vwopush.autoconfigure.VwoAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input through the public API: a specific reason, {@code false}, never an exception.
 * Development mode keeps these tests off the network.
 */
class InputValidationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class))
		.withPropertyValues("vwo.account-id=123456", "vwo.dev-mode=true");

	static java.util.stream.Stream<Arguments> badInput() {
		String max = "x".repeat(255);
		return java.util.stream.Stream.of(Arguments.of(null, "v", "u", PushReason.INVALID_KEY, "custom dimension key is null"),
				Arguments.of("  ", "v", "u", PushReason.INVALID_KEY, "custom dimension key is blank"),
				Arguments.of("", "v", "u", PushReason.INVALID_KEY, "custom dimension key is blank"),
				Arguments.of(max + "x", "v", "u", PushReason.KEY_TOO_LONG,
						"custom dimension key is 256 characters long; VWO accepts at most 255"),
				Arguments.of("k", null, "u", PushReason.INVALID_VALUE, "value of custom dimension 'k' is null"),
				Arguments.of("k", "\t", "u", PushReason.INVALID_VALUE, "value of custom dimension 'k' is blank"),
				Arguments.of("k", max + "y", "u", PushReason.VALUE_TOO_LONG,
						"value of custom dimension 'k' is 256 characters long; VWO accepts at most 255"),
				Arguments.of("k", "😀".repeat(128), "u", PushReason.VALUE_TOO_LONG,
						"value of custom dimension 'k' is 256 characters long; VWO accepts at most 255"),
				Arguments.of("k", "a\nb", "u", PushReason.INVALID_CHARACTER,
						"value of custom dimension 'k' contains control character U+000A at index 1"),
				Arguments.of("k\u0007", "v", "u", PushReason.INVALID_CHARACTER,
						"custom dimension key contains control character U+0007 at index 1"),
				Arguments.of("k", "bad\uD83D", "u", PushReason.INVALID_CHARACTER,
						"value of custom dimension 'k' contains unpaired surrogate U+D83D at index 3"),
				Arguments.of("vwo_fs_environment", "v", "u", PushReason.RESERVED_KEY,
						"custom dimension key 'vwo_fs_environment' starts with 'vwo_', which VWO reserves for its own properties"),
				Arguments.of("vwo_", "v", "u", PushReason.RESERVED_KEY,
						"custom dimension key 'vwo_' starts with 'vwo_', which VWO reserves for its own properties"),
				Arguments.of("k", "v", null, PushReason.MISSING_USER_ID, "user id is null; every push needs one"),
				Arguments.of("k", "v", " ", PushReason.MISSING_USER_ID, "user id is blank; every push needs one"),
				Arguments.of("k", "v", max + "z", PushReason.USER_ID_TOO_LONG,
						"user id is 256 characters long; VWO accepts at most 255"),
				Arguments.of("k", "v", "u\u001f", PushReason.INVALID_CHARACTER,
						"user id contains control character U+001F at index 1"));
	}

	@ParameterizedTest
	@MethodSource("badInput")
	void badInputIsRejectedWithASpecificReason(String key, String value, String userId, PushReason reason,
			String message) {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push(key, value, userId)).isFalse();
			DimensionResult result = service.pushAsync(key, value, userId).get(1, TimeUnit.SECONDS).single();
			assertThat(result.reason()).isEqualTo(reason);
			assertThat(result.outcome()).isEqualTo(PushOutcome.REJECTED);
			assertThat(result.message()).isEqualTo(message);
			assertThat(context.getBean(DefaultVwoPushService.class).counters().count(reason)).isEqualTo(2);
		});
	}

	@Test
	void boundaryValuesAreAccepted() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			String max = "x".repeat(255);
			assertThat(service.push(max, max, max)).isTrue();
			assertThat(service.push("k", "😀".repeat(127) + "x", "u")).isTrue();
			assertThat(service.push("quote\"back\\slash", "&=%+ ユーザー", "u")).isTrue();
			DefaultVwoPushService engine = context.getBean(DefaultVwoPushService.class);
			assertThat(engine.counters().count(PushOutcome.REJECTED)).isZero();
			assertThat(engine.counters().count(PushReason.DEV_MODE)).isEqualTo(3);
			assertThat(engine.counters().count(PushOutcome.DELIVERED)).isZero();
		});
	}

	@Test
	void onlyTheExactLowerCasePrefixIsReserved() {
		// JSON keys are case-sensitive, so only "vwo_" itself can collide with VWO's own properties.
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("vwo", "v", "u")).isTrue();
			assertThat(service.push("vwoplan", "v", "u")).isTrue();
			assertThat(service.push("VWO_plan", "v", "u")).isTrue();
			assertThat(service.push("Vwo_plan", "v", "u")).isTrue();
			assertThat(service.push("my_vwo_plan", "v", "u")).isTrue();
			Map<String, String> map = new LinkedHashMap<>();
			map.put("plan", "gold");
			map.put("vwo_envKey", "x");
			assertThat(service.push(map, "u")).containsExactly(Map.entry("plan", true), Map.entry("vwo_envKey", false));
			DefaultVwoPushService engine = context.getBean(DefaultVwoPushService.class);
			assertThat(engine.counters().count(PushReason.RESERVED_KEY)).isEqualTo(1);
			assertThat(engine.counters().count(PushReason.DEV_MODE)).isEqualTo(6);
		});
	}

	@Test
	void mapFormValidatesEachEntryAndNeverTouchesTheCallersMap() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = new LinkedHashMap<>();
			map.put("good", "1");
			map.put("long", "x".repeat(256));
			map.put("blank", "");
			map.put("also-good", "2");
			Map<String, String> copy = new LinkedHashMap<>(map);
			assertThat(service.push(map, "u")).containsExactly(Map.entry("good", true), Map.entry("long", false),
					Map.entry("blank", false), Map.entry("also-good", true));
			assertThat(map).isEqualTo(copy);
			PushResult result = service.pushAsync(Collections.unmodifiableMap(map), "u").get(1, TimeUnit.SECONDS);
			assertThat(result.dimensions()).extracting(DimensionResult::key)
				.containsExactly("good", "long", "blank", "also-good");
			assertThat(result.get("long").reason()).isEqualTo(PushReason.VALUE_TOO_LONG);
			assertThat(result.get("good").reason()).isEqualTo(PushReason.DEV_MODE);
			assertThat(result.get("blank").reason()).isEqualTo(PushReason.INVALID_VALUE);
		});
	}

	@Test
	void mapWithNullKeyOrNullUserIdIsRejectedPerEntry() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			Map<String, String> map = new HashMap<>();
			map.put(null, "v");
			map.put("k", "v");
			Map<String, Boolean> results = service.push(map, "u");
			assertThat(results).containsEntry(null, false).containsEntry("k", true);
			assertThat(service.push(Map.of("a", "1", "b", "2"), (String) null)).containsOnly(Map.entry("a", false),
					Map.entry("b", false));
			assertThat(service.push((Map<String, String>) null, "u")).isEmpty();
			assertThat(service.push(Map.of(), "u")).isEmpty();
			assertThat(service.pushAsync(Map.of(), "u").get().dimensions()).isEmpty();
		});
	}

	@Test
	void devModeSendsNothingAndCountsNoSuccess() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			assertThat(service.push("plan", "gold", "u")).isTrue();
			assertThat(service.flush(Duration.ofMillis(100))).isTrue();
			DefaultVwoPushService engine = context.getBean(DefaultVwoPushService.class);
			assertThat(engine.counters().accepted()).isEqualTo(1);
			assertThat(engine.counters().count(PushOutcome.DROPPED)).isEqualTo(1);
			assertThat(engine.counters().count(PushOutcome.DELIVERED)).isZero();
		});
	}

	/** A map that grows while it is read: its size() is smaller than what its iterator yields. */
	static final class GrowingMap extends java.util.AbstractMap<String, String> {

		@Override
		public int size() {
			return 1;
		}

		@Override
		public java.util.Set<Entry<String, String>> entrySet() {
			Map<String, String> grown = new LinkedHashMap<>();
			grown.put("a", "1");
			grown.put("b", "2");
			grown.put("c", "3");
			return grown.entrySet();
		}

	}

	/** A map modified by another thread while it is iterated. */
	static final class ConcurrentlyModifiedMap extends java.util.AbstractMap<String, String> {

		@Override
		public java.util.Set<Entry<String, String>> entrySet() {
			return new java.util.AbstractSet<>() {

				@Override
				public java.util.Iterator<Entry<String, String>> iterator() {
					java.util.Iterator<Entry<String, String>> first = Map.of("a", "1").entrySet().iterator();
					return new java.util.Iterator<>() {

						private boolean second;

						@Override
						public boolean hasNext() {
							return true;
						}

						@Override
						public Entry<String, String> next() {
							if (!this.second) {
								this.second = true;
								return first.next();
							}
							throw new java.util.ConcurrentModificationException();
						}

					};
				}

				@Override
				public int size() {
					return 2;
				}

			};
		}

	}

	@Test
	void aMapThatChangesWhileItIsReadNeverThrows() {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			DefaultVwoPushService counted = context.getBean(DefaultVwoPushService.class);
			assertThat(service.push(new GrowingMap(), "u")).containsExactly(Map.entry("a", true), Map.entry("b", true),
					Map.entry("c", true));
			assertThat(service.pushAsync(new GrowingMap(), "u").get(1, TimeUnit.SECONDS).dimensions())
				.extracting(DimensionResult::key)
				.containsExactly("a", "b", "c");
			assertThat(service.push(new ConcurrentlyModifiedMap(), "u")).containsExactly(Map.entry("a", false));
			PushResult async = service.pushAsync(new ConcurrentlyModifiedMap(), "u").get(1, TimeUnit.SECONDS);
			assertThat(async.single().reason()).isEqualTo(PushReason.UNREADABLE_MAP);
			assertThat(async.single().message()).contains("ConcurrentModificationException");
			// A map that fails before its first entry, even in size(): still counted, once per call.
			Map<String, String> broken = new java.util.AbstractMap<>() {

				@Override
				public int size() {
					throw new IllegalStateException("lazy collection, no session");
				}

				@Override
				public java.util.Set<Entry<String, String>> entrySet() {
					throw new IllegalStateException("lazy collection, no session");
				}

			};
			assertThat(service.push(broken, "u")).isEmpty();
			PushResult none = service.pushAsync(broken, "u").get(1, TimeUnit.SECONDS);
			assertThat(none.single().key()).isNull();
			assertThat(none.single().reason()).isEqualTo(PushReason.UNREADABLE_MAP);
			assertThat(counted.counters().accepted()).isEqualTo(6);
			assertThat(counted.counters().count(PushReason.UNREADABLE_MAP)).isEqualTo(2 + 2);
		});
	}

	@Test
	void aMapModifiedByAnotherThreadNeverThrowsAndEveryEntryIsCountedOnce() throws Exception {
		this.runner.run((context) -> {
			VwoPushService service = context.getBean(VwoPushService.class);
			DefaultVwoPushService counted = context.getBean(DefaultVwoPushService.class);
			Map<String, String> shared = new java.util.concurrent.ConcurrentHashMap<>();
			java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
			Thread writer = new Thread(() -> {
				for (int i = 0; !done.get(); i++) {
					shared.put("k" + (i % 64), "v");
					shared.remove("k" + ((i + 17) % 64));
				}
			});
			writer.start();
			long answered = 0;
			try {
				for (int i = 0; i < 20_000; i++) {
					answered += service.push(shared, "u").size();
				}
			}
			finally {
				done.set(true);
				writer.join();
			}
			// Every entry answered was counted exactly once: accepted (dev mode drops them) or rejected.
			assertThat(counted.counters().accepted() + counted.counters().count(PushOutcome.REJECTED))
				.isEqualTo(answered);
			assertThat(counted.counters().count(PushReason.DEV_MODE)).isEqualTo(counted.counters().accepted());
		});
	}

}
