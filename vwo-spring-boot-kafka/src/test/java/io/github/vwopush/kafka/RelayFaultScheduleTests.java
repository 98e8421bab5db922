package io.github.vwopush.kafka;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.fail;

/**
 * The Kafka relay under seeded fault schedules: each seed is one scenario of one or two
 * producing instances pushing numbered values of a few (user, key)s through the outbox,
 * relays of one group started, added (a rebalance in the middle of a poll), stopped, and
 * closed while VWO has a request of theirs and has not answered (so that VWO has records
 * the relay never commits), VWO's answers scripted by phase (200, 500/503, 429 with
 * {@code Retry-After}, a slow 200, and 400 for good to values marked refused), and the
 * producers' line to the broker cut for a while; then VWO answers 200 and a relay runs
 * until the topic is committed to its end. {@link RelayScenarioRun} checks the recorded
 * history: nothing lost, no stale value, first arrivals in push order, counts that add up;
 * duplicates are counted.
 * <p>
 * A real broker (KRaft) runs in this JVM. Relays reach it directly; producers only through
 * a {@link CuttableLine}, a TCP line in front of a listener of its own that advertises the
 * line's address, so that cutting the line makes the broker unreachable for the producers
 * (their metadata sends them back to the line), not for the relays.
 * <p>
 * The seed is the bug report: a failure prints it with the schedule and a timeline, and
 * {@code -Dvwo.relay.faults.seed=<seed>} runs that scenario alone
 * ({@code -Dvwo.relay.faults.repeat=<n>} times: the schedule replays exactly, thread timing
 * does not). The default budget (8 scenarios) keeps the class under 90 s on two cores;
 * {@code -Dvwo.relay.faults.scenarios=<n>} runs more, {@code -Dvwo.relay.faults.base=<n>}
 * from other seeds, {@code -Dvwo.relay.faults.verbose=true} prints every scenario's timeline.
 */
class RelayFaultScheduleTests {

	private static final int DEFAULT_SCENARIOS = 8;

	private static final long DEFAULT_BASE = 1_000;

	static final int PARTITIONS = 4;

	private static CuttableLine line;

	private static EmbeddedKafkaKraftBroker broker;

	private static ScriptedVwo vwo;

	private static Admin admin;

	private static RelayScenarioRun.Fleet fleet;

	@BeforeAll
	static void startFleet() throws IOException {
		line = new CuttableLine();
		int proxied = freePort();
		broker = new EmbeddedKafkaKraftBroker(1, PARTITIONS);
		// A second listener for the producers, which advertises the line in front of it.
		broker.brokerProperties(Map.of("listener.security.protocol.map",
				"EXTERNAL:PLAINTEXT,CONTROLLER:PLAINTEXT,PROXIED:PLAINTEXT", "listeners",
				"EXTERNAL://localhost:0,CONTROLLER://localhost:0,PROXIED://127.0.0.1:" + proxied,
				"advertised.listeners", "EXTERNAL://localhost:0,PROXIED://127.0.0.1:" + line.port()));
		broker.afterPropertiesSet();
		line.forwardTo(proxied);
		vwo = new ScriptedVwo();
		admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()));
		fleet = new RelayScenarioRun.Fleet(broker.getBrokersAsString(), line, vwo, admin, PARTITIONS);
	}

	@AfterAll
	static void stopFleet() {
		if (admin != null) {
			admin.close(Duration.ofSeconds(5));
		}
		if (vwo != null) {
			vwo.close();
		}
		if (broker != null) {
			broker.destroy();
		}
		if (line != null) {
			line.close();
		}
	}

	@Test
	void relayInvariantsHoldUnderRandomFaultSchedules() {
		List<Long> seeds = seeds();
		Map<String, List<Long>> seedsByInvariant = new TreeMap<>();
		List<String> reports = new ArrayList<>();
		long started = System.nanoTime();
		for (long seed : seeds) {
			RelayScenario scenario = new RelayScenario(seed);
			RelayScenarioRun run = new RelayScenarioRun(scenario, fleet);
			long began = System.nanoTime();
			List<String> violations = new ArrayList<>();
			try {
				run.run();
				violations.addAll(run.violations());
			}
			catch (Throwable ex) {
				violations.addAll(run.violations());
				violations.add("harness: the scenario threw " + ex + " at "
						+ ((ex.getStackTrace().length > 0) ? ex.getStackTrace()[0] : "?"));
			}
			long millis = (System.nanoTime() - began) / 1_000_000;
			System.out.println("Relay fault schedule seed " + seed + ": " + (violations.isEmpty() ? "ok" : "FAILED")
					+ " in " + millis + " ms: " + run.summary());
			if (Boolean.getBoolean("vwo.relay.faults.verbose")) {
				System.out.println(scenario + "\n" + run.timeline());
			}
			if (violations.isEmpty()) {
				continue;
			}
			violations.stream()
				.map(RelayScenarioRun::invariant)
				.distinct()
				.forEach((invariant) -> seedsByInvariant.computeIfAbsent(invariant, (i) -> new ArrayList<>()).add(seed));
			reports.add(report(scenario, run, violations));
		}
		Duration took = Duration.ofNanos(System.nanoTime() - started);
		System.out.println("Relay fault schedules: " + seeds.size() + " scenario(s) in " + took.toSeconds() + " s, "
				+ reports.size() + " failed");
		if (!reports.isEmpty()) {
			StringBuilder message = new StringBuilder().append(reports.size())
				.append(" of ")
				.append(seeds.size())
				.append(" relay fault-schedule scenario(s) failed.\nFailing seeds by invariant:\n");
			seedsByInvariant.forEach((invariant, failing) -> message.append("  ")
				.append(invariant)
				.append(": ")
				.append(failing)
				.append('\n'));
			message.append("Failures:\n");
			reports.stream().limit(3).forEach(message::append);
			fail(message.toString());
		}
	}

	private static String report(RelayScenario scenario, RelayScenarioRun run, List<String> violations) {
		StringBuilder report = new StringBuilder().append("- ")
			.append(scenario)
			.append("\n  replay: ./mvnw -pl vwo-spring-boot-kafka test -Dtest=RelayFaultScheduleTests -Dvwo.relay.faults.seed=")
			.append(scenario.seed)
			.append(" (thread timing is not replayed: add -Dvwo.relay.faults.repeat=5 if it passes alone)\n  found: ")
			.append(run.summary())
			.append('\n');
		violations.stream().limit(10).forEach((violation) -> report.append("    ").append(violation).append('\n'));
		if (violations.size() > 10) {
			report.append("    ... ").append(violations.size() - 10).append(" more\n");
		}
		report.append("  timeline:\n").append(run.timeline()).append('\n');
		return report.toString();
	}

	private static List<Long> seeds() {
		String one = System.getProperty("vwo.relay.faults.seed");
		if (one != null && !one.isBlank()) {
			return Collections.nCopies(Integer.getInteger("vwo.relay.faults.repeat", 1), Long.parseLong(one.strip()));
		}
		int count = Integer.getInteger("vwo.relay.faults.scenarios", DEFAULT_SCENARIOS);
		long base = Long.getLong("vwo.relay.faults.base", DEFAULT_BASE);
		List<Long> seeds = new ArrayList<>(count);
		for (int i = 0; i < count; i++) {
			seeds.add(base + i);
		}
		return seeds;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
