package io.github.vwopush.kafka;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Collectors;

/**
 * One fault schedule for the relay, all from one seed: the producing instances and the
 * (user, key)s each pushes, the relays' settings, and the steps (VWO's behaviour by phase,
 * pushes, relays started, stopped, and killed with a request in flight, the producers' line
 * to the broker cut and restored, scripted pauses). {@link RelayScenarioRun} runs it; the
 * same seed gives the same schedule (thread timing is not replayed).
 */
final class RelayScenario {

	enum Kind {

		VWO_OK, VWO_DOWN, VWO_RATE_LIMITED, VWO_SLOW,

		/** Push {@code count} next values, of (user, key)s picked at random. */
		PUSH,

		/** Wait until VWO received a request after the last push began (a relay has records in its engine). */
		AWAIT_TRAFFIC,

		START_RELAY,

		/** Close a running relay (the {@code which}-th, modulo those running). */
		STOP_RELAY,

		/** VWO slow; wait until a running relay has a request at VWO; close it while VWO has not answered. */
		KILL_IN_FLIGHT,

		/** The producers' line to the broker cut, or restored. */
		CUT, RESTORE,

		/** A scripted pause: the scenario's input, never a wait for a result. */
		PAUSE

	}

	record Step(Kind kind, int value) {

		@Override
		public String toString() {
			return switch (this.kind) {
				case VWO_OK -> "vwo 200";
				case VWO_DOWN -> "vwo 5xx";
				case VWO_RATE_LIMITED -> "vwo 429";
				case VWO_SLOW -> "vwo slow " + this.value + "ms";
				case PUSH -> "push " + this.value;
				case AWAIT_TRAFFIC -> "await traffic";
				case START_RELAY -> "start relay";
				case STOP_RELAY -> "stop relay #" + this.value;
				case KILL_IN_FLIGHT -> "kill relay #" + this.value + " in flight";
				case CUT -> "cut producers";
				case RESTORE -> "restore producers";
				case PAUSE -> "pause " + this.value + "ms";
			};
		}

	}

	/** A (user, key) and the producing instance that pushes all its values (so that their order is defined). */
	record Pair(int producer, String user, String key, boolean refusable) {

		String name() {
			return this.user + "/" + this.key;
		}

	}

	final long seed;

	final int producers;

	final List<Pair> pairs = new ArrayList<>();

	/** Whether the producers' line to the broker is cut in some phases. */
	final boolean cuts;

	/** Whether one (user, key) has values VWO refuses for good (400). */
	final boolean refusals;

	final int producerMaxEvents;

	final int relayMaxEvents;

	final int relayMaxPollRecords;

	final int answerTimeoutMillis;

	final int shutdownTimeoutMillis;

	final int initialBackoffMillis;

	final int maxBackoffMillis;

	final int maxRetryAfterMillis;

	final List<Step> steps = new ArrayList<>();

	/** The scenario's own random choices at run time (which pair a push goes to, which values are refused). */
	final SplittableRandom runRandom;

	RelayScenario(long seed) {
		this.seed = seed;
		SplittableRandom random = new SplittableRandom(seed);
		this.producers = 1 + random.nextInt(2);
		this.cuts = random.nextInt(3) == 0;
		this.refusals = random.nextInt(4) == 0;
		this.producerMaxEvents = pick(random, 1, 5, 50);
		this.relayMaxEvents = pick(random, 1, 3, 10, 100);
		this.relayMaxPollRecords = pick(random, 3, 20, 500);
		this.answerTimeoutMillis = pick(random, 400, 800, 1500);
		this.shutdownTimeoutMillis = pick(random, 150, 300, 600);
		this.initialBackoffMillis = pick(random, 20, 50);
		this.maxBackoffMillis = pick(random, 100, 250);
		this.maxRetryAfterMillis = pick(random, 150, 300);
		String[] keys = { "plan", "tier" };
		for (int producer = 0; producer < this.producers; producer++) {
			int users = 1 + random.nextInt(3);
			for (int user = 0; user < users; user++) {
				for (String key : keys) {
					this.pairs.add(new Pair(producer, "s" + seed + "p" + producer + "u" + user, key, false));
				}
			}
		}
		if (this.refusals) {
			int refusable = random.nextInt(this.pairs.size());
			Pair pair = this.pairs.get(refusable);
			this.pairs.set(refusable, new Pair(pair.producer(), pair.user(), pair.key(), true));
		}
		plan(random);
		this.runRandom = random.split();
	}

	private void plan(SplittableRandom random) {
		int live = 0;
		boolean cut = false;
		if (random.nextBoolean()) {
			step(Kind.START_RELAY, 0);
			live++;
		}
		int phases = 3 + random.nextInt(3);
		for (int phase = 0; phase < phases; phase++) {
			Kind mode = switch (random.nextInt(7)) {
				case 0, 1 -> Kind.VWO_OK;
				case 2, 3 -> Kind.VWO_DOWN;
				case 4 -> Kind.VWO_RATE_LIMITED;
				default -> Kind.VWO_SLOW;
			};
			step(mode, (mode == Kind.VWO_SLOW) ? 100 + 100 * random.nextInt(6) : 0);
			if (this.cuts && !cut && random.nextInt(3) == 0) {
				step(Kind.CUT, 0);
				cut = true;
			}
			step(Kind.PUSH, 4 + random.nextInt(16));
			if (live == 0 && random.nextBoolean()) {
				step(Kind.START_RELAY, 0);
				live++;
			}
			if (live > 0 && !cut && mode != Kind.VWO_OK) {
				// Records in a relay's engine, not yet final: what a rebalance or a stop now comes in the middle of.
				step(Kind.AWAIT_TRAFFIC, 0);
			}
			switch (random.nextInt(6)) {
				case 0 -> {
				}
				case 1, 2 -> {
					if (live < 3) {
						step(Kind.START_RELAY, 0);
						live++;
					}
				}
				case 3 -> {
					if (live > 0) {
						step(Kind.STOP_RELAY, random.nextInt(6));
						live--;
					}
				}
				case 4 -> {
					if (live > 0 && !cut) {
						step(Kind.KILL_IN_FLIGHT, random.nextInt(6));
						live--;
					}
				}
				default -> {
					if (live > 0) {
						step(Kind.STOP_RELAY, random.nextInt(6));
						step(Kind.START_RELAY, 0);
					}
				}
			}
			// Newer values after the change: what must not be overwritten by an older one.
			step(Kind.PUSH, random.nextInt(10));
			step(Kind.PAUSE, 100 + 50 * random.nextInt(8));
			if (cut && random.nextBoolean()) {
				step(Kind.RESTORE, 0);
				cut = false;
			}
		}
	}

	private void step(Kind kind, int value) {
		this.steps.add(new Step(kind, value));
	}

	private static int pick(SplittableRandom random, int... choices) {
		return choices[random.nextInt(choices.length)];
	}

	@Override
	public String toString() {
		return "seed " + this.seed + ": " + this.producers + " producer(s), " + this.pairs.size() + " (user, key)s"
				+ (this.refusals ? " (one with values VWO refuses)" : "") + "; relays max-events " + this.relayMaxEvents
				+ ", max-poll-records " + this.relayMaxPollRecords + ", answer-timeout " + this.answerTimeoutMillis
				+ "ms, shutdown " + this.shutdownTimeoutMillis + "ms; outbox max-events " + this.producerMaxEvents + "; "
				+ this.steps.stream().map(Step::toString).collect(Collectors.joining(", ", "[", "]"))
				+ ", then vwo 200 until committed";
	}

}
