package io.github.vwopush.internal.delivery;

import java.lang.ref.WeakReference;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

import io.github.vwopush.PushResult;
import io.github.vwopush.VwoVisitor;

/**
 * One application thread's pushes, drawn from its own seeded generator: single, typed and
 * map pushes (some larger than a batch), sync and async, with and without a visitor,
 * occasionally a poison value, a flush or a pause. Each pusher has users of its own, so
 * that the order of one (user, key) pair's pushes is the order this thread made them.
 * Every value is unique to its push ({@code v<id>}, {@code 1000000+id}, {@code <id>.5}),
 * so what VWO received names the push it came from.
 */
final class Pusher {

	private final Scenario scenario;

	private final PushHistory history;

	private final SplittableRandom random;

	private final List<String> users;

	private final List<String> poison;

	Pusher(Scenario scenario, PushHistory history, SplittableRandom random, List<String> users, List<String> poison) {
		this.scenario = scenario;
		this.history = history;
		this.random = random;
		this.users = users;
		this.poison = poison;
	}

	private String user() {
		return this.users.get(this.random.nextInt(this.users.size()));
	}

	private static final String POISONED_KEY = "kp";

	private String key() {
		return "k" + this.random.nextInt(this.scenario.keys);
	}

	/** One random action against the engine. */
	void act(FaultEngine engine) {
		DefaultVwoPushService service = engine.service;
		// Poison values and the values behind them stay well within the memory window (half the queue): the
		// engine needs room there to read a probe back (README's delivery section names that limit).
		if (this.scenario.poisonPerMille > 0 && this.random.nextInt(1000) < this.scenario.poisonPerMille
				&& this.poison.size() < Math.max(1, this.scenario.queueCapacity / 8)) {
			pushPoison(engine);
			return;
		}
		int draw = this.random.nextInt(100);
		if (draw < 12) {
			Value value = stringValue();
			PushHistory.Dim dim = value.dim(user(), key());
			this.history.call(engine.index, false, List.of(dim));
			dim.accepted = service.push(dim.key, (String) value.handed(), dim.user);
		}
		else if (draw < 20) {
			pushTyped(engine);
		}
		else if (draw < 38) {
			pushMap(engine, false, false);
		}
		else if (draw < 50) {
			pushMap(engine, true, false);
		}
		else if (draw < 55) {
			Value value = stringValue();
			PushHistory.Dim dim = value.dim(user(), key());
			PushHistory.Call call = this.history.call(engine.index, true, List.of(dim));
			call.follow(service.pushAsync(dim.key, (String) value.handed(), dim.user));
		}
		else if (draw < 70) {
			pushMap(engine, this.random.nextBoolean(), true);
		}
		else if (draw < 80) {
			service.flush(Duration.ofMillis(this.random.nextInt(30)));
		}
		else {
			LockSupport.parkNanos(Duration.ofMillis(this.random.nextInt(4)).toNanos());
		}
	}

	/** A push with a visitor (async or not): the forms the engine must not keep on the heap while parked. */
	void pushHeavy(FaultEngine engine) {
		pushMap(engine, this.random.nextBoolean(), this.random.nextInt(3) != 0);
	}

	/**
	 * A value VWO always refuses, on a key of its own ({@value #POISONED_KEY}), sometimes
	 * followed by an ordinary value of that key, which must reach VWO after the poison value
	 * is isolated. (On the ordinary keys, pushes waiting behind poison values would fill
	 * these tiny queues, and with nothing left in memory to compare with, the poison value
	 * waits: the limit README's delivery section names.)
	 */
	private void pushPoison(FaultEngine engine) {
		int id = this.history.nextId();
		String text = "poison-" + id;
		this.poison.add(text);
		engine.collector.poison(text);
		PushHistory.Dim dim = new PushHistory.Dim(id, user(), POISONED_KEY, text, true, true);
		boolean async = this.random.nextBoolean();
		PushHistory.Call call = this.history.call(engine.index, async, List.of(dim));
		String handed = "poison-" + id;
		if (async) {
			call.follow(engine.service.pushAsync(dim.key, handed, dim.user));
		}
		else {
			dim.accepted = engine.service.push(dim.key, handed, dim.user);
		}
		if (this.random.nextBoolean()) {
			Value after = stringValue();
			PushHistory.Dim next = after.dim(dim.user, POISONED_KEY);
			this.history.call(engine.index, false, List.of(next));
			next.accepted = engine.service.push(POISONED_KEY, (String) after.handed(), dim.user);
		}
	}

	private void pushTyped(FaultEngine engine) {
		DefaultVwoPushService service = engine.service;
		String user = user();
		int kind = this.random.nextInt(3);
		int id = this.history.nextId();
		if (kind == 0) {
			PushHistory.Dim dim = new PushHistory.Dim(id, user, key(), Integer.toString(1_000_000 + id), true, false);
			this.history.call(engine.index, false, List.of(dim));
			dim.accepted = service.push(dim.key, (Number) Integer.valueOf(1_000_000 + id), user);
		}
		else if (kind == 1) {
			PushHistory.Dim dim = new PushHistory.Dim(id, user, key(), id + ".5", true, false);
			this.history.call(engine.index, false, List.of(dim));
			dim.accepted = service.push(dim.key, (Number) new BigDecimal(id + ".5"), user);
		}
		else {
			boolean flag = this.random.nextBoolean();
			PushHistory.Dim dim = new PushHistory.Dim(id, user, "flag", Boolean.toString(flag), false, false);
			this.history.call(engine.index, false, List.of(dim));
			dim.accepted = service.push(dim.key, (Boolean) flag, user);
		}
	}

	/** A map push of distinct keys, up to twice a batch: some cross the batch boundary. */
	private void pushMap(FaultEngine engine, boolean async, boolean withVisitor) {
		String user = user();
		int size = 1 + this.random.nextInt(Math.min(this.scenario.keys, this.scenario.maxEvents * 2));
		Map<String, Object> map = new LinkedHashMap<>();
		List<PushHistory.Dim> dims = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			String key = key();
			if (map.containsKey(key)) {
				continue;
			}
			int type = this.random.nextInt(10);
			Value value = (type == 0) ? intValue() : (type == 1) ? decimalValue() : stringValue();
			PushHistory.Dim dim = value.dim(user, key);
			dims.add(dim);
			map.put(key, value.handed());
		}
		PushHistory.Call call = this.history.call(engine.index, async, dims);
		VwoVisitor visitor = withVisitor ? visitor(user) : null;
		if (async) {
			CompletableFuture<PushResult> future = (visitor != null) ? engine.service.pushAsync(map, visitor)
					: engine.service.pushAsync(map, user);
			call.follow(future);
		}
		else {
			call.answered((visitor != null) ? engine.service.push(map, visitor) : engine.service.push(map, user));
		}
	}

	/** One string value, synchronously, for a random user and key of this pusher's. */
	void pushSingle(FaultEngine engine) {
		Value value = stringValue();
		PushHistory.Dim dim = value.dim(user(), key());
		this.history.call(engine.index, false, List.of(dim));
		dim.accepted = engine.service.push(dim.key, (String) value.handed(), dim.user);
	}

	/**
	 * A map of one user's values across the batch boundary, on keys of its own, then at
	 * once a newer value of its first key: the push goes in two requests, and the newer
	 * value must never be final before the whole push is, or a restart replays the push
	 * over it (issue 20, defect 1).
	 */
	void pushSplitThenNewer(FaultEngine engine) {
		String user = user();
		int size = this.scenario.maxEvents + 1 + this.random.nextInt(this.scenario.maxEvents);
		Map<String, Object> map = new LinkedHashMap<>();
		List<PushHistory.Dim> dims = new ArrayList<>(size);
		for (int i = 0; i < size; i++) {
			Value value = stringValue();
			dims.add(value.dim(user, "s" + i));
			map.put("s" + i, value.handed());
		}
		PushHistory.Call call = this.history.call(engine.index, false, dims);
		call.answered(engine.service.push(map, user));
		Value newer = stringValue();
		PushHistory.Dim dim = newer.dim(user, "s0");
		this.history.call(engine.index, false, List.of(dim));
		dim.accepted = engine.service.push("s0", (String) newer.handed(), user);
	}

	private VwoVisitor visitor(String user) {
		VwoVisitor visitor = VwoVisitor.of(user);
		if (this.random.nextBoolean()) {
			visitor = visitor.withSessionId(System.currentTimeMillis() / 1000 - this.random.nextInt(3600));
		}
		if (this.random.nextInt(3) != 0) {
			visitor = visitor.withUserAgent("Mozilla/5.0 (fault-schedule; " + this.random.nextInt(1000) + ")");
		}
		if (this.random.nextInt(3) != 0) {
			visitor = visitor.withIpAddress("203.0.113." + this.random.nextInt(256));
		}
		return visitor;
	}

	private Value stringValue() {
		int id = this.history.nextId();
		// Built here, a fresh instance: the history keeps an equal copy, never this one.
		return new Value(id, new StringBuilder("v").append(id).toString(), "v" + id, true);
	}

	private Value intValue() {
		int id = this.history.nextId();
		return new Value(id, Integer.valueOf(1_000_000 + id), Integer.toString(1_000_000 + id), false);
	}

	private Value decimalValue() {
		int id = this.history.nextId();
		return new Value(id, new BigDecimal(id + ".5"), id + ".5", false);
	}

	/** A value to hand over, and its dimension in the history. */
	private static final class Value {

		final int id;

		private Object handed;

		final String text;

		final boolean tracked;

		Value(int id, Object handed, String text, boolean tracked) {
			this.id = id;
			this.handed = handed;
			this.text = text;
			this.tracked = tracked;
		}

		PushHistory.Dim dim(String user, String key) {
			PushHistory.Dim dim = new PushHistory.Dim(this.id, user, key, this.text, true, false);
			if (this.tracked) {
				dim.handedOver = new WeakReference<>((String) this.handed);
			}
			return dim;
		}

		/** The instance for the engine; this holder forgets it. */
		Object handed() {
			Object value = this.handed;
			this.handed = null;
			return value;
		}

	}

}
