package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;

/**
 * Judges a scenario's history against what VWO received, after the run: accounting per
 * engine, one outcome per async key, nothing received that was not accepted, nothing
 * accepted lost with the spool on, per (user, key) never an older value after a newer
 * one (a request is VWO's unit: a retried request may carry an older value of a key
 * followed by a newer one), answers received before the shutdown deadline settled, no visitor data shown to
 * the application's filters.
 */
final class HistoryChecker {

	/** A received answer this long before the deadline has certainly reached the sender. */
	private static final long DEADLINE_MARGIN_NANOS = Duration.ofMillis(100).toNanos();

	private static final Set<PushReason> AT_SHUTDOWN = EnumSet.of(PushReason.SHUTDOWN, PushReason.SPOOLED);

	private final Scenario scenario;

	private final ScenarioRun run;

	private final List<String> violations = new ArrayList<>();

	HistoryChecker(Scenario scenario, ScenarioRun run) {
		this.scenario = scenario;
		this.run = run;
	}

	/** Every violation, each {@code "<invariant>: <detail>"}. */
	List<String> check() {
		this.violations.addAll(this.run.history().violations());
		List<PushHistory.Call> calls = this.run.history().calls();
		awaitFutures(calls);
		for (FaultEngine engine : this.run.engines()) {
			if (!engine.crashed) {
				accounting(engine, calls);
			}
			else if (engine.service.counters().count(PushReason.INTERNAL_ERROR) != 0) {
				// A crash leaves counts incomplete, but what it counted stands.
				violation("internal-error", "engine " + engine.index + " (crashed later) ended "
						+ engine.service.counters().count(PushReason.INTERNAL_ERROR) + " dimension(s) internal_error");
			}
			if (!engine.shownToFilters.isEmpty()) {
				violation("redaction", "the application's WebClient filters were shown the visitor's "
						+ Set.copyOf(engine.shownToFilters));
			}
		}
		List<ScriptedCollector.Received> received = this.run.collector().received();
		this.run.collector().malformed.forEach((problem) -> violation("wire", "a request could not be read: " + problem));
		Map<String, Map<String, PushHistory.Dim>> byPair = new HashMap<>();
		Map<PushHistory.Dim, List<ScriptedCollector.Received>> receivedOf = new HashMap<>();
		for (PushHistory.Call call : calls) {
			for (PushHistory.Dim dim : call.dims) {
				if (dim.unique) {
					byPair.computeIfAbsent(dim.pair(), (pair) -> new HashMap<>()).put(dim.text, dim);
				}
			}
		}
		// Per (user, key): the values each request carried, requests in arrival order.
		Map<String, List<List<PushHistory.Dim>>> requestsOf = new LinkedHashMap<>();
		Map<String, Integer> requestOf = new HashMap<>();
		Map<String, List<Boolean>> slowOf = new HashMap<>();
		for (ScriptedCollector.Received got : received) {
			if (got.key().equals("flag")) {
				continue;
			}
			String pair = got.user() + "/" + got.key();
			PushHistory.Dim dim = byPair.getOrDefault(pair, Map.of()).get(got.value());
			if (dim == null) {
				violation("phantom", "VWO received " + pair + "=" + got.value() + ", which was never pushed");
				continue;
			}
			receivedOf.computeIfAbsent(dim, (d) -> new ArrayList<>()).add(got);
			List<List<PushHistory.Dim>> requests = requestsOf.computeIfAbsent(pair, (p) -> new ArrayList<>());
			Integer request = requestOf.put(pair, got.request());
			if (request == null || request != got.request()) {
				requests.add(new ArrayList<>());
				slowOf.computeIfAbsent(pair, (p) -> new ArrayList<>()).add(got.slow() || unknownToTheEngine(got));
			}
			requests.get(requests.size() - 1).add(dim);
		}
		requestsOf.forEach((pair, requests) -> order(pair, requests, slowOf.get(pair), received, calls));
		for (PushHistory.Call call : calls) {
			for (PushHistory.Dim dim : call.dims) {
				judge(call, dim, receivedOf.getOrDefault(dim, List.of()));
			}
		}
		return this.violations;
	}

	/**
	 * A request is VWO's unit: within one, a key's values go in push order; across them, the
	 * value a request leaves (its last for the key) is never older than one the engine knew
	 * VWO had, and the value VWO ends with is the newest it ever received. A request answered
	 * 2xx only after the engine's timeout was applied without the engine knowing: sending its
	 * values again (at least once) may take VWO back for a while, never for good.
	 */
	private void order(String pair, List<List<PushHistory.Dim>> requests, List<Boolean> slow,
			List<ScriptedCollector.Received> received, List<PushHistory.Call> calls) {
		PushHistory.Dim known = null;
		PushHistory.Dim newest = null;
		PushHistory.Dim left = null;
		for (int r = 0; r < requests.size(); r++) {
			List<PushHistory.Dim> request = requests.get(r);
			for (int i = 1; i < request.size(); i++) {
				if (request.get(i).id < request.get(i - 1).id) {
					violation("order", "one request carried " + pair + "=" + request.get(i - 1).text + " before the older "
							+ request.get(i).text);
				}
			}
			left = request.get(request.size() - 1);
			if (known != null && left.id < known.id) {
				String[] parts = pair.split("/", 2);
				violation("order", "VWO received " + pair + "=" + left.text + " after the newer value " + known.text
						+ " (engine " + engineOf(calls, left) + " pushed it first); VWO received, in order: "
						+ sequence(received, parts[0], parts[1]) + "; pushed in " + callOf(calls, left) + " and "
						+ callOf(calls, known));
				return;
			}
			if (!slow.get(r) && (known == null || left.id > known.id)) {
				known = left;
			}
			if (newest == null || left.id > newest.id) {
				newest = left;
			}
		}
		if (left != newest) {
			String[] parts = pair.split("/", 2);
			violation("order", "VWO ended with " + pair + "=" + left.text + ", older than " + newest.text
					+ ", which it received before; in order: " + sequence(received, parts[0], parts[1]));
		}
	}

	private void judge(PushHistory.Call call, PushHistory.Dim dim, List<ScriptedCollector.Received> got) {
		boolean accepted = !Boolean.FALSE.equals(dim.accepted);
		if (!accepted && !got.isEmpty()) {
			violation("accounting", dim + " was not accepted (queue full), yet VWO received it");
		}
		if (dim.reason == PushReason.DELIVERED && got.isEmpty() && !dim.key.equals("flag")) {
			violation("accounting", dim + " was reported delivered, yet VWO never answered 2xx to it");
		}
		if (this.scenario.spool && accepted && !dim.poison && !dim.key.equals("flag")) {
			if (dim.reason != null && dim.reason.outcome() == PushOutcome.FAILED) {
				violation("no-loss", dim + " failed although the spool keeps retrying until VWO takes it");
			}
			else if (got.isEmpty() && this.run.finalFlushed && nothingLeftInSpool()) {
				violation("no-loss", dim + " (engine " + call.engine + (call.async ? ", async" : "")
						+ ") was accepted with the spool on and never reached VWO");
			}
		}
		if (call.engine == 0 && this.scenario.lifecycle == Scenario.Lifecycle.STOP_AT_DEADLINE
				&& dim.reason != null && AT_SHUTDOWN.contains(dim.reason) && !dim.parked) {
			Map<Integer, Long> reached = this.run.engines().get(0).answersReceived;
			for (ScriptedCollector.Received answer : got) {
				Long at = reached.get(answer.request());
				if (!answer.slow() && at != null && this.run.deadlineNanos - at > DEADLINE_MARGIN_NANOS) {
					violation("settle-at-deadline", dim + ": VWO's 2xx reached the engine's HTTP client "
							+ (this.run.deadlineNanos - at) / 1_000_000
							+ " ms before the shutdown deadline, yet it ended " + dim.reason);
					break;
				}
			}
		}
	}

	/** The last engine's stop kept nothing on disk: everything accepted should have reached VWO. */
	private boolean nothingLeftInSpool() {
		List<FaultEngine> engines = this.run.engines();
		return engines.get(engines.size() - 1).service.counters().count(PushReason.SPOOLED) == 0;
	}

	/** Futures of engines that were not crashed complete, each key with one outcome. */
	private void awaitFutures(List<PushHistory.Call> calls) {
		List<PushHistory.Call> async = calls.stream()
			.filter((call) -> call.async && !this.run.engines().get(call.engine).crashed)
			.toList();
		ScenarioRun.waitFor(Duration.ofSeconds(3), () -> async.stream().allMatch((call) -> call.result != null));
		int incomplete = 0;
		PushHistory.Call example = null;
		for (PushHistory.Call call : async) {
			PushResult result = call.result;
			if (result == null) {
				incomplete++;
				example = (example != null) ? example : call;
				continue;
			}
			if (result.dimensions().size() != call.dims.size()) {
				violation("futures", call + " completed with " + result.dimensions().size() + " result(s)");
			}
			for (PushHistory.Dim dim : call.dims) {
				DimensionResult outcome = result.get(dim.key);
				if (outcome == null || outcome.reason() == null) {
					violation("futures", call + " completed without an outcome for " + dim.key);
				}
			}
		}
		if (incomplete > 0) {
			boolean collected = example.future != null && example.future.get() == null;
			violation("futures", incomplete + " pushAsync future(s) never completed after stop, e.g. " + example
					+ (collected ? " (the engine let it be garbage-collected)" : ""));
		}
	}

	/** accepted = one outcome each (+ pending), per engine; recovered dimensions get theirs too. */
	private void accounting(FaultEngine engine, List<PushHistory.Call> calls) {
		PushCounters counters = engine.service.counters();
		long ours = calls.stream().filter((call) -> call.engine == engine.index).mapToLong((call) -> call.dims.size()).sum();
		if (counters.accepted() != ours) {
			violation("accounting", "engine " + engine.index + " counted " + counters.accepted() + " accepted, the test pushed "
					+ ours + " valid dimensions");
		}
		long outcomes = 0;
		for (PushReason reason : PushReason.values()) {
			if (reason.outcome() != PushOutcome.REJECTED) {
				outcomes += counters.count(reason);
			}
		}
		long pending = engine.service.pending();
		if (pending != 0) {
			violation("accounting", "engine " + engine.index + " still has " + pending + " pending after stop");
		}
		if (outcomes + pending != counters.accepted() + counters.recovered()) {
			violation("accounting", "engine " + engine.index + ": outcomes " + counters.byReason() + " + pending "
					+ pending + " != accepted " + counters.accepted() + " + recovered " + counters.recovered());
		}
		if (counters.count(PushOutcome.REJECTED) != 0) {
			violation("accounting", "engine " + engine.index + " rejected valid input: " + counters.byReason());
		}
		if (counters.count(PushReason.INTERNAL_ERROR) != 0) {
			violation("internal-error", "engine " + engine.index + " ended " + counters.count(PushReason.INTERNAL_ERROR)
					+ " dimension(s) internal_error (" + counters.byReason() + ")");
		}
		if (this.scenario.spool && counters.count(PushOutcome.FAILED) > this.run.poison().size()) {
			violation("no-loss", "engine " + engine.index + " failed " + counters.count(PushOutcome.FAILED)
					+ " dimension(s) with the spool on, only " + this.run.poison().size() + " poison value(s) may fail: "
					+ counters.byReason());
		}
		boolean last = engine.index == this.run.engines().size() - 1;
		if (last && this.run.finalFlushed && this.run.settledWithoutFlush
				&& counters.count(PushReason.SHUTDOWN) + counters.count(PushReason.SPOOLED) > 0) {
			violation("accounting", "engine " + engine.index + " left dimensions at stop after everything was flushed: "
					+ counters.byReason());
		}
	}

	/**
	 * A 2xx to the first engine that did not reach its HTTP client well before it crashed or
	 * passed its shutdown deadline may never have been settled: its spool record was not
	 * acknowledged and the next engine sends it again. Like an answer after the timeout, VWO
	 * had it without the engine knowing. Which engine sent a request is what it said (a
	 * request header), not when VWO answered: under load the client lags the collector, and a
	 * request sent just before the deadline may reach VWO well after it (seed 42842).
	 */
	private boolean unknownToTheEngine(ScriptedCollector.Received got) {
		long abandonedNanos = (this.run.crashNanos != 0) ? this.run.crashNanos : this.run.deadlineNanos;
		if (abandonedNanos == 0 || this.run.collector().engineOf(got.request()) != 0) {
			return false;
		}
		Long at = this.run.engines().get(0).answersReceived.get(got.request());
		return at == null || at - (abandonedNanos - DEADLINE_MARGIN_NANOS) > 0;
	}

	private static String callOf(List<PushHistory.Call> calls, PushHistory.Dim dim) {
		return calls.stream().filter((call) -> call.dims.contains(dim)).map(Object::toString).findFirst().orElse("?");
	}

	/** What VWO received for one (user, key), in arrival order; slow answers (after the timeout) marked. */
	private static String sequence(List<ScriptedCollector.Received> received, String user, String key) {
		return received.stream()
			.filter((got) -> got.user().equals(user) && got.key().equals(key))
			.map((got) -> got.value() + " #" + got.request() + (got.slow() ? " (answered late)" : ""))
			.toList()
			.toString();
	}

	/** The invariant a violation names. */
	static String invariant(String violation) {
		int colon = violation.indexOf(':');
		return (colon > 0) ? violation.substring(0, colon) : violation;
	}

	private static int engineOf(List<PushHistory.Call> calls, PushHistory.Dim dim) {
		for (PushHistory.Call call : calls) {
			if (call.dims.contains(dim)) {
				return call.engine;
			}
		}
		return -1;
	}

	private void violation(String invariant, String detail) {
		this.violations.add(invariant + ": " + detail);
	}

}
