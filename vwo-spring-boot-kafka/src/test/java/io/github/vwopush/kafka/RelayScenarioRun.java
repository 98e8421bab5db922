package io.github.vwopush.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushState;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.core.ConditionTimeoutException;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.awaitility.Awaitility.await;

/**
 * Runs one {@link RelayScenario} against the embedded broker and the scripted VWO, records
 * its history (every push and its outcome, every request VWO received and its answer, the
 * dead-letter topic, the engines' counts) and checks it afterwards:
 * <ol>
 * <li>nothing lost: every push handed off reached VWO (a 2xx) at least once, or is in the
 * dead-letter topic with a reason, and only when VWO refused it for good;</li>
 * <li>no stale value: for each (user, key), the last value VWO accepted is the newest value
 * handed off for it (of those not dead-lettered);</li>
 * <li>order: for each (user, key), the first arrivals of its values are in push order;</li>
 * <li>counts add up: each producing engine's counts equal the outcomes its futures gave,
 * reason by reason; the relays dead-lettered as many records as the dead-letter topic
 * holds, and none counted more delivered than VWO accepted from it.</li>
 * </ol>
 * Duplicates (events VWO accepted more than once) are allowed (at least once) and counted.
 */
final class RelayScenarioRun {

	/** What all scenarios share: the broker, the producers' cuttable line to it, VWO. */
	record Fleet(String brokers, CuttableLine line, ScriptedVwo vwo, Admin admin, int partitions) {
	}

	private static final AtomicLong accounts = new AtomicLong(610_000);

	private static final Duration CLOSE_WITHIN = Duration.ofSeconds(30);

	private final RelayScenario scenario;

	private final Fleet fleet;

	/** The scenario's own account: requests of another scenario's stray relay would not count here. */
	private final long account = accounts.incrementAndGet();

	private final String topic;

	private final String deadLetterTopic;

	private final String group;

	private final long started = System.nanoTime();

	private final List<String> timeline = new ArrayList<>();

	private final List<String> violations = new ArrayList<>();

	private final List<RunningContext> producers = new ArrayList<>();

	/** The producers' engines, kept: their counts are read after their contexts closed. */
	private final List<VwoPushEngine> engines = new ArrayList<>();

	private final List<Relay> relays = new ArrayList<>();

	private final List<Relay> live = new ArrayList<>();

	private final List<Push> pushes = new ArrayList<>();

	private final Map<RelayScenario.Pair, Integer> lastValue = new HashMap<>();

	private int pushMark;

	/** The first push made while the producers' line was cut, or -1. */
	private int cutFrom = -1;

	private String summary = "";

	/** One push as the producing instance accepted it, and its future. */
	record Push(RelayScenario.Pair pair, int n, String value, boolean refused,
			CompletableFuture<PushResult> future) {
	}

	/** A relay instance and what became of it. */
	private static final class Relay {

		final String name;

		final RunningContext context;

		KafkaRelay bean;

		String end = "running at the end";

		Relay(String name, RunningContext context) {
			this.name = name;
			this.context = context;
		}

	}

	RelayScenarioRun(RelayScenario scenario, Fleet fleet) {
		this.scenario = scenario;
		this.fleet = fleet;
		this.topic = "relay-faults-" + scenario.seed + "-" + this.account;
		this.deadLetterTopic = this.topic + ".dlt";
		this.group = "relay-faults-" + this.account;
	}

	List<String> violations() {
		return this.violations;
	}

	String summary() {
		return this.summary;
	}

	String timeline() {
		return String.join("\n", this.timeline);
	}

	/** Run the schedule, then VWO answers 200 until the topic is committed; then check the history. */
	void run() throws Exception {
		this.fleet.vwo().begin(this.scenario.seed);
		this.fleet.admin()
			.createTopics(List.of(new NewTopic(this.topic, this.fleet.partitions(), (short) 1),
					new NewTopic(this.deadLetterTopic, this.fleet.partitions(), (short) 1)))
			.all()
			.get(30, TimeUnit.SECONDS);
		try {
			for (int i = 0; i < this.scenario.producers; i++) {
				this.producers.add(new RunningContext("p" + i, producer(i)));
			}
			for (RunningContext producer : this.producers) {
				this.engines.add(producer.bean(VwoPushEngine.class));
			}
			note("producers started");
			for (RelayScenario.Step step : this.scenario.steps) {
				step(step);
			}
			drain();
		}
		finally {
			this.fleet.line().restore();
			for (Relay relay : List.copyOf(this.live)) {
				stop(relay, "closed after the checks failed to finish");
			}
			for (RunningContext producer : this.producers) {
				if (!producer.isClosed() && !producer.close(CLOSE_WITHIN)) {
					violation("lifecycle", "producer " + producer.name() + " did not stop within " + CLOSE_WITHIN);
				}
			}
		}
		check();
	}

	private void step(RelayScenario.Step step) {
		ScriptedVwo vwo = this.fleet.vwo();
		switch (step.kind()) {
			case VWO_OK -> vwo.mode(ScriptedVwo.Mode.OK);
			case VWO_DOWN -> vwo.mode(ScriptedVwo.Mode.DOWN);
			case VWO_RATE_LIMITED -> vwo.mode(ScriptedVwo.Mode.RATE_LIMITED);
			case VWO_SLOW -> vwo.slow(step.value());
			case PUSH -> {
				this.pushMark = vwo.received();
				for (int i = 0; i < step.value(); i++) {
					push(this.scenario.pairs.get(this.scenario.runRandom.nextInt(this.scenario.pairs.size())));
				}
			}
			case AWAIT_TRAFFIC -> {
				int mark = this.pushMark;
				if (!within(Duration.ofMillis(this.scenario.answerTimeoutMillis + 3000L), () -> vwo.received() > mark)) {
					note("no request reached VWO after the push");
				}
			}
			case START_RELAY -> startRelay();
			case STOP_RELAY -> {
				if (!this.live.isEmpty()) {
					stop(this.live.get(step.value() % this.live.size()), "stopped");
				}
			}
			case KILL_IN_FLIGHT -> {
				if (!this.live.isEmpty()) {
					killInFlight(this.live.get(step.value() % this.live.size()));
				}
			}
			case CUT -> cut();
			case RESTORE -> restore();
			case PAUSE -> pause(step.value());
		}
		note(step.toString());
	}

	/** A scripted pause between phases: the scenario's input (how long a phase lasts), not a wait for a result. */
	private static void pause(int millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void cut() {
		this.fleet.line().cut();
		this.cutFrom = this.pushes.size();
	}

	/**
	 * Restore the producers' line, after checking that it was their only way to the broker:
	 * nothing pushed while it was cut was handed off.
	 */
	private void restore() {
		if (this.cutFrom >= 0) {
			List<Push> during = this.pushes.subList(this.cutFrom, this.pushes.size());
			long through = during.stream()
				.filter((push) -> push.future().isDone() && push.future().join().isHandedOff())
				.count();
			if (through > 0) {
				violation("line", through + " of the " + during.size() + " pushes made while the producers' line "
						+ "was cut were handed off before it was restored");
			}
			note(during.size() + " push(es) made while the line was cut, none handed off before it was restored");
			this.cutFrom = -1;
		}
		this.fleet.line().restore();
	}

	private void push(RelayScenario.Pair pair) {
		int n = this.lastValue.merge(pair, 1, Integer::sum);
		boolean refused = pair.refusable() && this.scenario.runRandom.nextInt(3) == 0;
		String value = pair.user() + "." + pair.key() + "." + n + (refused ? ".refused" : "");
		VwoPushEngine engine = this.engines.get(pair.producer());
		this.pushes.add(new Push(pair, n, value, refused, engine.pushAsync(pair.key(), value, pair.user())));
	}

	private void startRelay() {
		String name = "r" + (this.relays.size() + 1);
		Relay relay = new Relay(name, new RunningContext(name, relay(name)));
		this.relays.add(relay);
		this.live.add(relay);
		relay.bean = relay.context.bean(KafkaRelay.class);
		note("started " + name);
	}

	/**
	 * VWO slow (longer than the relay's shutdown timeout); once the relay has a request at
	 * VWO, close it: its engine gives up on the request before VWO answers 200, so VWO has
	 * the records and the relay never commits them.
	 */
	private void killInFlight(Relay relay) {
		ScriptedVwo vwo = this.fleet.vwo();
		vwo.slow(this.scenario.shutdownTimeoutMillis + 400 + 100 * this.scenario.runRandom.nextInt(5));
		int since = vwo.received();
		for (RelayScenario.Pair pair : this.scenario.pairs) {
			push(pair);
		}
		boolean inFlight = within(Duration.ofMillis(this.scenario.answerTimeoutMillis + 3000L),
				() -> vwo.receivedFrom(relay.name, since));
		stop(relay, inFlight ? "killed with a request in flight" : "killed (no request of its own was in flight)");
	}

	private void stop(Relay relay, String how) {
		this.live.remove(relay);
		relay.end = how;
		long before = System.nanoTime();
		if (!relay.context.close(CLOSE_WITHIN)) {
			violation("lifecycle", "relay " + relay.name + " did not stop within " + CLOSE_WITHIN);
		}
		note(relay.name + " " + how + " (" + (System.nanoTime() - before) / 1_000_000 + " ms to close)");
	}

	/**
	 * VWO answers 200, the line is restored, a relay runs: every push must get its outcome
	 * and the topic must be committed to its end. Then every instance is closed.
	 */
	private void drain() throws Exception {
		restore();
		this.fleet.vwo().mode(ScriptedVwo.Mode.OK);
		if (this.live.isEmpty()) {
			startRelay();
		}
		note("draining: vwo 200, line restored, " + this.live.size() + " relay(s) running");
		if (!within(Duration.ofSeconds(60), () -> this.pushes.stream().allMatch((push) -> push.future().isDone()))) {
			violation("outcome", this.pushes.stream().filter((push) -> !push.future().isDone()).count()
					+ " push(es) without an outcome 60 s after the line was restored");
		}
		for (int p = 0; p < this.engines.size(); p++) {
			if (!this.engines.get(p).flush(Duration.ofSeconds(10))) {
				violation("outcome", "producer p" + p + " did not flush within 10 s");
			}
		}
		note("every push has its outcome");
		if (!within(Duration.ofSeconds(60), () -> uncommitted().isEmpty())) {
			violation("committed", "the topic is not committed to its end 60 s after VWO answered 200 again: "
					+ "partition=[committed, end] " + uncommitted());
		}
		note("topic committed to its end");
		for (Relay relay : this.live) {
			// UP once its last request was accepted. (After a refusal for good, the engine counts VWO as failing
			// until its next success: the relay says DEGRADED, with an outage age that grows, though nothing waits.)
			List<ScriptedVwo.Arrival> its = this.fleet.vwo()
				.arrivals(this.account)
				.stream()
				.filter((arrival) -> arrival.relay().equals(relay.name))
				.toList();
			if (!its.isEmpty() && !its.get(its.size() - 1).accepted()) {
				note(relay.name + "'s last request was refused (" + its.get(its.size() - 1).status() + "): health "
						+ RunningKafkaLine.relayHealth(relay.context.context()).status());
				continue;
			}
			if (!within(Duration.ofSeconds(10),
					() -> "UP".equals(RunningKafkaLine.relayHealth(relay.context.context()).status()))) {
				violation("health", "relay " + relay.name + "'s health is "
						+ RunningKafkaLine.relayHealth(relay.context.context()) + " once the topic is committed");
			}
		}
		for (Relay relay : List.copyOf(this.live)) {
			stop(relay, "stopped at the end");
		}
		for (RunningContext producer : this.producers) {
			if (!producer.close(CLOSE_WITHIN)) {
				violation("lifecycle", "producer " + producer.name() + " did not stop within " + CLOSE_WITHIN);
			}
		}
		note("closed");
	}

	/** Partitions whose committed offset is short of their end: partition to [committed, end]. */
	private Map<Integer, List<Long>> uncommitted() throws Exception {
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int partition = 0; partition < this.fleet.partitions(); partition++) {
			latest.put(new TopicPartition(this.topic, partition), OffsetSpec.latest());
		}
		var ends = this.fleet.admin().listOffsets(latest).all().get(10, TimeUnit.SECONDS);
		Map<TopicPartition, OffsetAndMetadata> committed = this.fleet.admin()
			.listConsumerGroupOffsets(this.group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS);
		Map<Integer, List<Long>> behind = new TreeMap<>();
		ends.forEach((partition, end) -> {
			OffsetAndMetadata offset = committed.get(partition);
			long at = (offset != null) ? offset.offset() : 0;
			if (at != end.offset()) {
				behind.put(partition.partition(), List.of(at, end.offset()));
			}
		});
		return behind;
	}

	// ---------------------------------------------------------------- the checks

	/** A (user, key)'s value as VWO received it. */
	private record Received(RelayScenario.Pair pair, int n, ScriptedVwo.Arrival arrival) {
	}

	private void check() throws Exception {
		Map<String, RelayScenario.Pair> pairs = new HashMap<>();
		this.scenario.pairs.forEach((pair) -> pairs.put(pair.name(), pair));
		List<ScriptedVwo.Arrival> arrivals = this.fleet.vwo().arrivals(this.account);

		// What VWO accepted, in the order it arrived.
		Map<RelayScenario.Pair, List<Received>> accepted = new LinkedHashMap<>();
		Map<String, String> userByVisitor = new HashMap<>();
		Map<String, Integer> acceptedFrom = new TreeMap<>();
		Map<Integer, Integer> statuses = new TreeMap<>();
		long acceptedEvents = 0;
		for (ScriptedVwo.Arrival arrival : arrivals) {
			statuses.merge(arrival.status(), 1, Integer::sum);
			for (ScriptedVwo.Event event : arrival.events()) {
				String[] parts = event.value().split("\\.");
				RelayScenario.Pair pair = (parts.length >= 3) ? pairs.get(parts[0] + "/" + parts[1]) : null;
				if (pair == null || !pair.key().equals(event.key()) || !parts[2].chars().allMatch(Character::isDigit)) {
					violation("phantom", "VWO received " + event + " in request #" + arrival.seq()
							+ ", which no instance pushed");
					continue;
				}
				String user = userByVisitor.putIfAbsent(event.visitor(), pair.user());
				if (user != null && !user.equals(pair.user())) {
					violation("visitor", "visitor " + event.visitor() + " carried values of " + user + " and "
							+ pair.user());
				}
				if (arrival.accepted()) {
					acceptedEvents++;
					acceptedFrom.merge(arrival.relay(), 1, Integer::sum);
					accepted.computeIfAbsent(pair, (p) -> new ArrayList<>())
						.add(new Received(pair, Integer.parseInt(parts[2]), arrival));
				}
			}
		}

		// What the relays dead-lettered, and why.
		Map<RelayScenario.Pair, Set<Integer>> deadLettered = new HashMap<>();
		List<ConsumerRecord<byte[], byte[]>> dead = deadLetters();
		long collateral = 0;
		for (ConsumerRecord<byte[], byte[]> record : dead) {
			Header reason = record.headers().lastHeader(KafkaRelay.REASON_HEADER);
			String why = (reason != null) ? new String(reason.value(), StandardCharsets.UTF_8) : null;
			DimensionRecord dimension = DimensionRecord.read(record.value());
			String value = dimension.dimension().value();
			if (why == null || why.isBlank()) {
				violation("dead-letter", "dead letter of " + value + " has no reason");
			}
			else if (!this.scenario.refusals || !why.startsWith("http_4xx: VWO answered HTTP 400")) {
				violation("dead-letter", value + " was dead-lettered (" + why + ") though VWO "
						+ (this.scenario.refusals ? "refused only with 400s" : "refused nothing for good"));
			}
			String[] parts = value.split("\\.");
			RelayScenario.Pair pair = pairs.get(parts[0] + "/" + parts[1]);
			if (pair == null) {
				violation("phantom", "the dead-letter topic holds " + value + ", which no instance pushed");
				continue;
			}
			deadLettered.computeIfAbsent(pair, (p) -> new TreeSet<>()).add(Integer.parseInt(parts[2]));
			if (!value.endsWith(".refused")) {
				// In a request with a refused value: VWO refused the whole request.
				collateral++;
			}
		}

		// The producers' outcomes.
		Map<Integer, Map<PushReason, Long>> outcomes = new HashMap<>();
		Map<RelayScenario.Pair, List<Push>> handedOff = new LinkedHashMap<>();
		for (Push push : this.pushes) {
			if (!push.future().isDone()) {
				continue;
			}
			PushResult result = push.future().join();
			PushReason reason = result.single().reason();
			outcomes.computeIfAbsent(push.pair().producer(), (p) -> new EnumMap<>(PushReason.class))
				.merge(reason, 1L, Long::sum);
			if (result.isHandedOff()) {
				handedOff.computeIfAbsent(push.pair(), (p) -> new ArrayList<>()).add(push);
			}
			else {
				violation("outbox", push.value() + " ended " + reason.tagValue() + " (" + result.single().message()
						+ "), not handed off, though the broker came back");
			}
		}

		// (1) Nothing lost, (2) no stale value, (3) first arrivals in push order.
		for (RelayScenario.Pair pair : this.scenario.pairs) {
			List<Received> received = accepted.getOrDefault(pair, List.of());
			Set<Integer> atVwo = received.stream().map(Received::n).collect(Collectors.toSet());
			Set<Integer> dlt = deadLettered.getOrDefault(pair, Set.of());
			int expected = 0;
			for (Push push : handedOff.getOrDefault(pair, List.of())) {
				if (!atVwo.contains(push.n()) && !dlt.contains(push.n())) {
					violation("lost", push.value() + " was handed off but neither reached VWO nor the dead-letter topic");
				}
				if (atVwo.contains(push.n()) || !dlt.contains(push.n())) {
					expected = Math.max(expected, push.n());
				}
			}
			if (expected > 0 && !received.isEmpty() && received.get(received.size() - 1).n() != expected) {
				Received last = received.get(received.size() - 1);
				int newestValue = expected;
				Received newest = received.stream().filter((r) -> r.n() == newestValue).findFirst().orElse(null);
				violation("stale", pair.name() + ": the last value VWO accepted is " + last.n() + " (request #"
						+ last.arrival().seq() + " from " + last.arrival().relay() + " at " + at(last.arrival())
						+ "), but the newest handed off is " + expected
						+ ((newest != null) ? " (request #" + newest.arrival().seq() + " from "
								+ newest.arrival().relay() + " at " + at(newest.arrival()) + ")" : "")
						+ "; values accepted, in order: " + history(received) + "; in the topic: "
						+ inTopic(pair) + "; dead-lettered: " + dlt);
			}
			List<Received> firsts = new ArrayList<>();
			Set<Integer> seen = new HashSet<>();
			for (Received r : received) {
				if (seen.add(r.n())) {
					firsts.add(r);
				}
			}
			for (int i = 1; i < firsts.size(); i++) {
				if (firsts.get(i).n() < firsts.get(i - 1).n()) {
					violation("order", pair.name() + ": " + firsts.get(i).n() + " first reached VWO in request #"
							+ firsts.get(i).arrival().seq() + " from " + firsts.get(i).arrival().relay() + " after "
							+ firsts.get(i - 1).n() + " (request #" + firsts.get(i - 1).arrival().seq() + " from "
							+ firsts.get(i - 1).arrival().relay() + "); values accepted, in order: " + history(received)
							+ "; in the topic: " + inTopic(pair) + "; dead-lettered: " + dlt);
					break;
				}
			}
		}

		// (4) Counts add up.
		for (int p = 0; p < this.engines.size(); p++) {
			VwoPushState state = this.engines.get(p).state();
			int index = p;
			long made = this.pushes.stream().filter((push) -> push.pair().producer() == index).count();
			if (state.accepted() != made) {
				violation("counts", "producer p" + p + " counted " + state.accepted() + " accepted of " + made
						+ " pushes");
			}
			Map<PushReason, Long> counted = new EnumMap<>(PushReason.class);
			counted.putAll(state.byReason());
			Map<PushReason, Long> futures = new EnumMap<>(PushReason.class);
			futures.putAll(outcomes.getOrDefault(p, Map.of()));
			if (!counted.equals(futures)) {
				violation("counts", "producer p" + p + " counted " + counted + " but its futures said " + futures);
			}
			if (state.count(PushReason.OUTBOX) != handedOff.values()
				.stream()
				.flatMap(List::stream)
				.filter((push) -> push.pair().producer() == index)
				.count()) {
				violation("counts", "producer p" + p + "'s outbox count " + state.count(PushReason.OUTBOX)
						+ " is not the pushes its futures said were handed off");
			}
			if (state.pending() != 0) {
				violation("counts", "producer p" + p + " still has " + state.pending() + " pending");
			}
		}
		long deadLetteredByRelays = 0;
		long readAgain = 0;
		StringBuilder relayCounts = new StringBuilder();
		for (Relay relay : this.relays) {
			if (relay.bean == null) {
				continue;
			}
			deadLetteredByRelays += relay.bean.progress().deadLetteredRecords();
			readAgain += relay.bean.progress().readAgainRecords();
			long delivered = relay.bean.dimensions(PushReason.DELIVERED);
			int fromIt = acceptedFrom.getOrDefault(relay.name, 0);
			if (delivered > fromIt) {
				violation("counts", "relay " + relay.name + " counted " + delivered + " delivered, but VWO accepted "
						+ fromIt + " from it");
			}
			relayCounts.append(' ').append(relay.name).append('=').append(delivered).append('/').append(fromIt);
		}
		if (deadLetteredByRelays != dead.size()) {
			violation("counts", "the relays counted " + deadLetteredByRelays + " dead-lettered, the dead-letter topic holds "
					+ dead.size());
		}

		long distinct = accepted.values().stream().mapToLong((r) -> r.stream().map(Received::n).distinct().count()).sum();
		long handed = handedOff.values().stream().mapToLong(List::size).sum();
		this.summary = this.pushes.size() + " pushes, " + handed + " handed off; VWO: " + arrivals.size()
				+ " requests " + statuses + ", " + acceptedEvents + " events accepted, " + distinct + " distinct, "
				+ (acceptedEvents - distinct) + " duplicates; " + dead.size() + " dead-lettered (" + collateral
				+ " of them not refused themselves); relays delivered/accepted"
				+ relayCounts + "; " + readAgain + " records read again; " + this.relays.size() + " relays ("
				+ this.relays.stream().map((r) -> r.name + " " + r.end).collect(Collectors.joining(", ")) + ")";
	}

	/** A (user, key)'s values as VWO accepted them: value@request/relay/+ms. */
	private String history(List<Received> received) {
		return received.stream()
			.map((r) -> r.n() + "@#" + r.arrival().seq() + "/" + r.arrival().relay() + "/" + at(r.arrival()))
			.collect(Collectors.joining(" "));
	}

	private String at(ScriptedVwo.Arrival arrival) {
		return "+" + (arrival.nanos() - this.started) / 1_000_000 + "ms";
	}

	private List<ConsumerRecord<byte[], byte[]>> deadLetters() throws Exception {
		return records(this.deadLetterTopic);
	}

	/** A (user, key)'s values in the topic: value@partition/offset, in offset order. */
	private String inTopic(RelayScenario.Pair pair) {
		try {
			return records(this.topic).stream().filter((record) -> {
				String value = DimensionRecord.read(record.value()).dimension().value();
				return value.startsWith(pair.user() + "." + pair.key() + ".");
			}).map((record) -> {
				String value = DimensionRecord.read(record.value()).dimension().value();
				return value.substring(value.lastIndexOf('.') + 1) + "@" + record.partition() + "/" + record.offset();
			}).collect(Collectors.joining(" "));
		}
		catch (Exception ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	/** Every record of a topic of this scenario. */
	private List<ConsumerRecord<byte[], byte[]>> records(String topic) throws Exception {
		Map<String, Object> config = new HashMap<>();
		config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, this.fleet.brokers());
		config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
		List<TopicPartition> partitions = new ArrayList<>();
		Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
		for (int partition = 0; partition < this.fleet.partitions(); partition++) {
			TopicPartition tp = new TopicPartition(topic, partition);
			partitions.add(tp);
			latest.put(tp, OffsetSpec.latest());
		}
		var ends = this.fleet.admin().listOffsets(latest).all().get(10, TimeUnit.SECONDS);
		long total = ends.values().stream().mapToLong((end) -> end.offset()).sum();
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		if (total == 0) {
			return records;
		}
		try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
				new ByteArrayDeserializer())) {
			consumer.assign(partitions);
			consumer.seekToBeginning(partitions);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (records.size() < total && System.nanoTime() < deadline) {
				consumer.poll(Duration.ofMillis(200)).forEach(records::add);
			}
		}
		if (records.size() < total) {
			violation("harness", "read " + records.size() + " of " + topic + "'s " + total + " records");
		}
		return records;
	}

	// ---------------------------------------------------------------- instances

	private ApplicationContextRunner instance(String name, String role) {
		return new ApplicationContextRunner().withConfiguration(RunningKafkaLine.kafkaAndVwo())
			.withPropertyValues("vwo.account-id=" + this.account, "vwo.sdk-key=relay-faults-sdk-key",
					"vwo.base-url=" + this.fleet.vwo().baseUrl(name), "vwo.batch.linger=10ms",
					"vwo.kafka.enabled=true", "vwo.kafka.role=" + role, "vwo.kafka.topic=" + this.topic,
					"vwo.kafka.dead-letter-topic=" + this.deadLetterTopic);
	}

	/** A producing instance: its only way to the broker is the cuttable line; Kafka's timeouts short. */
	private ApplicationContextRunner producer(int index) {
		return instance("p" + index, "producer").withPropertyValues(
				"spring.kafka.bootstrap-servers=127.0.0.1:" + this.fleet.line().port(),
				"vwo.batch.max-events=" + this.scenario.producerMaxEvents, "vwo.shutdown.timeout=2s",
				"vwo.retry.initial-backoff=50ms", "vwo.retry.max-backoff=200ms",
				"spring.kafka.producer.properties.delivery.timeout.ms=1500",
				"spring.kafka.producer.properties.request.timeout.ms=700",
				"spring.kafka.producer.properties.max.block.ms=1000", "spring.kafka.producer.properties.linger.ms=0",
				"spring.kafka.producer.properties.reconnect.backoff.ms=20",
				"spring.kafka.producer.properties.reconnect.backoff.max.ms=200",
				"spring.kafka.producer.properties.retry.backoff.ms=20",
				"spring.kafka.producer.properties.retry.backoff.max.ms=200");
	}

	private ApplicationContextRunner relay(String name) {
		RelayScenario s = this.scenario;
		return instance(name, "relay").withPropertyValues("spring.kafka.bootstrap-servers=" + this.fleet.brokers(),
				"vwo.batch.max-events=" + s.relayMaxEvents, "vwo.shutdown.timeout=" + s.shutdownTimeoutMillis + "ms",
				"vwo.retry.initial-backoff=" + s.initialBackoffMillis + "ms",
				"vwo.retry.max-backoff=" + s.maxBackoffMillis + "ms",
				"vwo.retry.max-retry-after=" + s.maxRetryAfterMillis + "ms", "vwo.http.response-timeout=3s",
				"vwo.kafka.relay.group-id=" + this.group,
				"vwo.kafka.relay.answer-timeout=" + s.answerTimeoutMillis + "ms",
				"vwo.kafka.relay.redelivery-backoff=50ms", "spring.kafka.consumer.heartbeat-interval=200ms",
				"spring.kafka.consumer.max-poll-records=" + s.relayMaxPollRecords,
				"spring.kafka.consumer.properties.session.timeout.ms=6000");
	}

	// ---------------------------------------------------------------- helpers

	/** Wait for a condition, polling; whether it held in time. A condition that throws counts as not yet. */
	private static boolean within(Duration atMost, ThrowingCondition condition) {
		try {
			await().atMost(atMost).pollInterval(Duration.ofMillis(20)).ignoreExceptions().until(condition::holds);
			return true;
		}
		catch (ConditionTimeoutException ex) {
			return false;
		}
	}

	@FunctionalInterface
	private interface ThrowingCondition {

		boolean holds() throws Exception;

	}

	private void note(String event) {
		this.timeline.add(String.format("  +%5d ms %s", (System.nanoTime() - this.started) / 1_000_000, event));
	}

	private void violation(String invariant, String message) {
		this.violations.add(invariant + ": " + message);
	}

	static String invariant(String violation) {
		return violation.substring(0, violation.indexOf(':'));
	}

}
