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
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.github.vwopush.VwoPushEngine;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.awaitility.Awaitility.await;

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

	/**
	 * A relay that loses partitions in a rebalance during an outage sends nothing of them
	 * afterwards. Their records were not committed, so the new owner reads them again and
	 * delivers them, and newer values of their keys, as soon as VWO answers it; a push of
	 * the old owner's engine still retrying would reach VWO after those and take each key
	 * back to an older value for good (seed 2019 of the fault schedules). Here VWO answers
	 * the new owner first, then the old one.
	 */
	@Test
	void aRelayThatLosesPartitionsDuringAnOutageNeverOverwritesTheNewOwnersNewerValues() throws Exception {
		vwo.begin(0);
		vwo.mode(ScriptedVwo.Mode.DOWN);
		long account = 690_001;
		String topic = "lost-partitions-" + UUID.randomUUID();
		admin.createTopics(List.of(new NewTopic(topic, PARTITIONS, (short) 1), new NewTopic(topic + ".dlt", 1, (short) 1)))
			.all()
			.get(30, TimeUnit.SECONDS);
		String group = topic + "-relays";
		List<String> users = IntStream.range(0, 8).mapToObj((user) -> "user-" + user).toList();
		try (RunningContext producer = new RunningContext("producer", instance("p0", "producer", account, topic, group));
				RunningContext first = new RunningContext("r1", instance("r1", "relay", account, topic, group))) {
			VwoPushEngine engine = producer.bean(VwoPushEngine.class);
			for (String user : users) {
				assertThat(engine.pushAsync("plan", user + ".1", user).get(30, TimeUnit.SECONDS).isHandedOff()).isTrue();
			}
			// r1 has every record in its engine, which retries while VWO fails.
			await().atMost(Duration.ofSeconds(30)).until(() -> vwo.receivedFrom("r1", 0));
			try (RunningContext second = new RunningContext("r2", instance("r2", "relay", account, topic, group))) {
				// The rebalance: r2 reads again the records of the partitions r1 gave up.
				await().atMost(Duration.ofSeconds(30)).until(() -> vwo.receivedFrom("r2", 0));
				for (String user : users) {
					assertThat(engine.pushAsync("plan", user + ".2", user).get(30, TimeUnit.SECONDS).isHandedOff())
						.isTrue();
				}
				// VWO answers r2: it delivers its partitions, older and newer values, and commits them.
				vwo.mode("r2", ScriptedVwo.Mode.OK);
				KafkaRelay newOwner = second.bean(KafkaRelay.class);
				await().atMost(Duration.ofSeconds(30))
					.until(() -> accepted(account, "r2").stream().anyMatch((value) -> value.endsWith(".2"))
							&& newOwner.engineState().pending() == 0 && newOwner.progress().lag() == 0);
				// Then r1.
				vwo.mode("r1", ScriptedVwo.Mode.OK);
				KafkaRelay oldOwner = first.bean(KafkaRelay.class);
				await().atMost(Duration.ofSeconds(60))
					.until(() -> committed(topic, group) == 2L * users.size() && oldOwner.engineState().pending() == 0);
			}
		}
		Map<String, String> last = new TreeMap<>();
		for (ScriptedVwo.Arrival arrival : vwo.arrivals(account)) {
			if (arrival.accepted()) {
				arrival.events().forEach((event) -> last.put(event.value().substring(0, event.value().indexOf('.')),
						event.value()));
			}
		}
		String accepted = vwo.arrivals(account)
			.stream()
			.filter(ScriptedVwo.Arrival::accepted)
			.map((arrival) -> arrival.relay() + arrival.events().stream().map(ScriptedVwo.Event::value).toList())
			.collect(Collectors.joining(" "));
		assertThat(last).as("the last value VWO accepted for each user; it accepted, in order: %s", accepted)
			.hasSize(users.size())
			.allSatisfy((user, value) -> assertThat(value).isEqualTo(user + ".2"));
	}

	private static List<String> accepted(long account, String relay) {
		return vwo.arrivals(account)
			.stream()
			.filter((arrival) -> arrival.accepted() && arrival.relay().equals(relay))
			.flatMap((arrival) -> arrival.events().stream())
			.map(ScriptedVwo.Event::value)
			.toList();
	}

	private static long committed(String topic, String group) throws Exception {
		return admin.listConsumerGroupOffsets(group)
			.partitionsToOffsetAndMetadata()
			.get(10, TimeUnit.SECONDS)
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().topic().equals(topic) && entry.getValue() != null)
			.mapToLong((entry) -> entry.getValue().offset())
			.sum();
	}

	private static ApplicationContextRunner instance(String name, String role, long account, String topic,
			String group) {
		return new ApplicationContextRunner().withConfiguration(RunningKafkaLine.kafkaAndVwo())
			.withPropertyValues("vwo.account-id=" + account, "vwo.sdk-key=relay-faults-sdk-key",
					"vwo.base-url=" + vwo.baseUrl(name), "vwo.batch.linger=10ms", "vwo.shutdown.timeout=500ms",
					"vwo.retry.initial-backoff=20ms", "vwo.retry.max-backoff=100ms",
					"spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(), "vwo.kafka.enabled=true",
					"vwo.kafka.role=" + role, "vwo.kafka.topic=" + topic, "vwo.kafka.dead-letter-topic=" + topic + ".dlt",
					"vwo.kafka.relay.group-id=" + group, "vwo.kafka.relay.answer-timeout=500ms",
					"vwo.kafka.relay.redelivery-backoff=50ms", "spring.kafka.consumer.heartbeat-interval=200ms");
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
