package io.github.vwopush.sample.containers;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.vwopush.internal.protocol.VisitorUuid;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A fleet (issue 21): a Kafka broker, WireMock as VWO, two instances of the sample app that
 * hand their dimensions to the topic ({@code vwo.kafka.role=producer}) and one that relays the
 * topic to VWO ({@code vwo.kafka.role=relay}), each in its own container on one Docker
 * network. VWO is down while the two instances accept 20,000 dimensions through the app's
 * HTTP API; once both handed theirs to Kafka, one is killed ({@code docker kill}); VWO comes
 * back. Then every accepted dimension must have reached VWO, per (user, key) first in the
 * order pushed and last with the last value pushed; duplicates are counted and must stay
 * below 1%.
 */
@RequiresDocker
class FleetContainerIT {

	static final String KAFKA_IMAGE = "vwo-push/kafka:4.2.2";

	private static final long ACCOUNT_ID = 123456;

	/** Dimensions per request: four keys of the body and the {@code tenant} the app adds from X-Tenant. */
	private static final List<String> KEYS = List.of("a", "b", "c", "d", "tenant");

	private static final int INSTANCES = 2;

	private static final int THREADS_PER_INSTANCE = 2;

	private static final int USERS_PER_THREAD = 25;

	/** Values 1 to STEPS for every (user, key), pushed in that order. */
	private static final int STEPS = 40;

	private static final int DIMENSIONS = INSTANCES * THREADS_PER_INSTANCE * USERS_PER_THREAD * STEPS * KEYS.size();

	private static final JsonParser JSON = JsonParserFactory.getJsonParser();

	private static Network network;

	private static GenericContainer<?> kafka;

	private static GenericContainer<?> wireMock;

	private static final List<GenericContainer<?>> producers = new ArrayList<>();

	private static GenericContainer<?> relay;

	private static WireMock vwo;

	private static final Map<String, Long> phases = Collections.synchronizedMap(new java.util.LinkedHashMap<>());

	private final HttpClient http = HttpClient.newHttpClient();

	@BeforeAll
	@SuppressWarnings("resource")
	static void start() {
		long started = System.nanoTime();
		Path jar = Path.of(System.getProperty("sample.jar", "target/sample-app-0.1.0-SNAPSHOT.jar"));
		assertThat(jar).as("the sample app jar, built by 'package'").satisfies((path) -> Files.isRegularFile(path));
		network = Network.newNetwork();
		kafka = new GenericContainer<>(DockerImageName.parse(KAFKA_IMAGE)).withNetwork(network)
			.withNetworkAliases("kafka")
			.withCommand("--override", "advertised.listeners=PLAINTEXT://kafka:9092")
			.waitingFor(Wait.forLogMessage(".*Kafka Server started.*", 1).withStartupTimeout(Duration.ofMinutes(2)));
		wireMock = VwoContainers.wireMock().withNetwork(network).withNetworkAliases("vwo");
		// Its own name and tag: other builds on the machine may build vwo-push/sample-app at the same time.
		ImageFromDockerfile image = new ImageFromDockerfile("vwo-push/sample-app-fleet:" + UUID.randomUUID(), true)
			.withFileFromPath("app.jar", jar)
			.withDockerfileFromBuilder((dockerfile) -> dockerfile.from("vwo-push/jre17:local")
				.copy("app.jar", "/app/app.jar")
				.expose(8080)
				.entryPoint("java", "-jar", "/app/app.jar")
				.build());
		for (int instance = 0; instance < INSTANCES; instance++) {
			producers.add(fleetMember(image, "producer"));
		}
		relay = fleetMember(image, "relay")
			// VWO comes back: the relay's engine tries again within a second.
			.withEnv("VWO_RETRY_MAX_BACKOFF", "1s")
			.withEnv("SPRING_KAFKA_CONSUMER_MAX_POLL_RECORDS", "2000");
		// VWO first (the instances read the settings file as they start), down for pushes from the start.
		wireMock.start();
		vwo = VwoContainers.client(wireMock);
		vwo.register(WireMock.get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		vwoAnswers(503);
		// Then the rest at once: the instances wait for nothing but their own health (Kafka's clients retry).
		Startables.deepStart(Stream.concat(Stream.of(kafka, relay), producers.stream())).join();
		phase("start (Kafka, WireMock, 3 instances)", started);
	}

	@SuppressWarnings("resource")
	private static GenericContainer<?> fleetMember(ImageFromDockerfile image, String role) {
		return new GenericContainer<>(image).withNetwork(network)
			.withExposedPorts(8080)
			.withEnv("VWO_ACCOUNT_ID", Long.toString(ACCOUNT_ID))
			.withEnv("VWO_SDK_KEY", VwoContainers.SDK_KEY)
			.withEnv("VWO_BASE_URL", "http://vwo:8080")
			.withEnv("VWO_BATCH_LINGER", "50ms")
			.withEnv("VWO_KAFKA_ENABLED", "true")
			.withEnv("VWO_KAFKA_ROLE", role)
			.withEnv("SPRING_KAFKA_BOOTSTRAP_SERVERS", "kafka:9092")
			// Five JVMs on a small machine: start fast rather than run fast.
			.withEnv("JAVA_TOOL_OPTIONS", "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xmx384m")
			.waitingFor(Wait.forHttp("/actuator/health").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)));
	}

	@AfterAll
	static void stop() {
		Stream.concat(Stream.of(relay, wireMock, kafka), producers.stream())
			.filter((container) -> container != null)
			.forEach(GenericContainer::stop);
		if (network != null) {
			network.close();
		}
		phases.forEach((phase, millis) -> System.out.printf("[fleet] %-45s %,8d ms%n", phase, millis));
	}

	/** Every push endpoint (the newest stub wins in WireMock). */
	private static void vwoAnswers(int status) {
		vwo.register(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(status)));
	}

	@Test
	void everyDimensionAcceptedByTheFleetReachesVwoInOrderThoughAnInstanceWasKilledDuringTheOutage()
			throws Exception {
		// VWO is down (503). Each client thread owns its users, so per (user, key) the push order is its order.
		long pushing = System.nanoTime();
		ExecutorService clients = Executors.newFixedThreadPool(INSTANCES * THREADS_PER_INSTANCE);
		List<Future<Integer>> accepted = new ArrayList<>();
		for (int instance = 0; instance < INSTANCES; instance++) {
			for (int thread = 0; thread < THREADS_PER_INSTANCE; thread++) {
				GenericContainer<?> app = producers.get(instance);
				List<String> users = users(instance, thread);
				accepted.add(clients.submit(() -> pushAll(app, users)));
			}
		}
		int acceptedInTotal = 0;
		for (Future<Integer> count : accepted) {
			acceptedInTotal += count.get();
		}
		clients.shutdown();
		assertThat(acceptedInTotal).isEqualTo(DIMENSIONS).isEqualTo(20_000);
		phase("push 20,000 dimensions (VWO down)", pushing);

		long handing = System.nanoTime();
		for (GenericContainer<?> producer : producers) {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(250))
				.untilAsserted(() -> assertThat(handedToKafka(producer)).isEqualTo(DIMENSIONS / INSTANCES));
		}
		phase("both instances handed theirs to Kafka", handing);

		GenericContainer<?> killed = producers.get(0);
		killed.getDockerClient().killContainerCmd(killed.getContainerId()).exec();
		assertThat(vwoReceived()).as("nothing reached VWO while it was down").isEmpty();

		long delivering = System.nanoTime();
		vwoAnswers(200);
		try {
			await().atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> new HashSet<>(vwoReceived()).size() >= DIMENSIONS);
		}
		catch (ConditionTimeoutException ex) {
			// The assertions below say what is missing.
			System.out.println("[fleet] not every dimension reached VWO within 60 s");
		}
		phase("VWO back: all delivered through the relay", delivering);

		List<Event> received = vwoReceived();
		Map<String, String> visitors = visitors();
		Set<Event> expected = new HashSet<>();
		for (String user : visitors.keySet()) {
			for (String key : KEYS) {
				for (int step = 1; step <= STEPS; step++) {
					expected.add(new Event(visitors.get(user), key, Integer.toString(step)));
				}
			}
		}
		Set<Event> missing = new HashSet<>(expected);
		missing.removeAll(received);
		assertThat(missing).as("accepted and never received by VWO: %,d", missing.size()).isEmpty();
		Set<Event> unexpected = new HashSet<>(received);
		unexpected.removeAll(expected);
		assertThat(unexpected).as("received by VWO and never accepted: %,d", unexpected.size()).isEmpty();

		Map<String, List<String>> valuesByUserKey = new HashMap<>();
		for (Event event : received) {
			valuesByUserKey.computeIfAbsent(event.visitor() + " " + event.key(), (userKey) -> new ArrayList<>())
				.add(event.value());
		}
		List<String> pushOrder = IntStream.rangeClosed(1, STEPS).mapToObj(Integer::toString).toList();
		assertThat(valuesByUserKey).hasSize(visitors.size() * KEYS.size())
			.allSatisfy((userKey, values) -> {
				assertThat(new ArrayList<>(new LinkedHashSet<>(values))).as("first arrivals of " + userKey)
					.isEqualTo(pushOrder);
				assertThat(values.get(values.size() - 1)).as("last value of " + userKey)
					.isEqualTo(Integer.toString(STEPS));
			});
		int duplicates = received.size() - expected.size();
		System.out.printf("[fleet] %,d dimensions accepted, %,d received by VWO, %,d duplicates (%.2f%%)%n",
				DIMENSIONS, received.size(), duplicates, 100.0 * duplicates / DIMENSIONS);
		assertThat(duplicates).as("duplicates").isLessThan(DIMENSIONS / 100);
		assertThat(relay.getLogs()).as("the relay's log").doesNotContain(VwoContainers.SDK_KEY).doesNotContain("fleet-user-");
	}

	/** Synthetic user ids, disjoint per instance and client thread. */
	private static List<String> users(int instance, int thread) {
		return IntStream.range(0, USERS_PER_THREAD)
			.mapToObj((user) -> "fleet-user-" + instance + "-" + thread + "-" + user)
			.toList();
	}

	private static Map<String, String> visitors() {
		VisitorUuid uuids = VisitorUuid.forAccount(ACCOUNT_ID);
		Map<String, String> visitors = new HashMap<>();
		for (int instance = 0; instance < INSTANCES; instance++) {
			for (int thread = 0; thread < THREADS_PER_INSTANCE; thread++) {
				users(instance, thread).forEach((user) -> visitors.put(user, uuids.of(user)));
			}
		}
		return visitors;
	}

	/** Values 1 to STEPS for each user's keys, in that order; returns the dimensions the instance accepted. */
	private int pushAll(GenericContainer<?> app, List<String> users) throws Exception {
		int accepted = 0;
		for (int step = 1; step <= STEPS; step++) {
			for (String user : users) {
				String value = Integer.toString(step);
				String body = "{\"a\":\"" + value + "\",\"b\":\"" + value + "\",\"c\":\"" + value + "\",\"d\":\"" + value
						+ "\"}";
				HttpResponse<String> response = this.http.send(HttpRequest.newBuilder(uri(app, "/users/" + user + "/segment"))
					.header("Content-Type", "application/json")
					.header("X-Tenant", value)
					.POST(HttpRequest.BodyPublishers.ofString(body))
					.build(), HttpResponse.BodyHandlers.ofString());
				assertThat(response.statusCode()).isEqualTo(200);
				Map<String, Object> results = JSON.parseMap(response.body());
				assertThat(results).containsOnlyKeys(KEYS);
				accepted += (int) results.values().stream().filter(Boolean.TRUE::equals).count();
			}
		}
		return accepted;
	}

	/**
	 * How many dimensions the instance says it handed to Kafka (outcome {@code handed_off}),
	 * from its {@code vwo} endpoint; a producer delivers nothing to VWO itself.
	 */
	private long handedToKafka(GenericContainer<?> app) throws Exception {
		Map<String, Object> vwoEndpoint = JSON.parseMap(get(app, "/actuator/vwo"));
		Map<?, ?> results = (Map<?, ?>) ((Map<?, ?>) vwoEndpoint.get("counts")).get("results");
		assertThat(((Number) results.get("success")).longValue()).isZero();
		return ((Number) results.get("handed_off")).longValue();
	}

	/** The dimensions VWO accepted (200), in the order WireMock received their requests. */
	private static List<Event> vwoReceived() {
		List<ServeEvent> served = new ArrayList<>(vwo.getServeEvents());
		Collections.reverse(served); // WireMock lists the newest first
		List<Event> received = new ArrayList<>();
		for (ServeEvent serve : served) {
			if (!serve.getRequest().getUrl().startsWith("/server-side/batch-events")
					|| serve.getResponse().getStatus() != 200) {
				continue;
			}
			Map<String, Object> body = JSON.parseMap(serve.getRequest().getBodyAsString());
			for (Object item : (List<?>) body.get("ev")) {
				Map<?, ?> event = (Map<?, ?>) item;
				Map<String, Object> tags = JSON
					.parseMap(URLDecoder.decode((String) event.get("t"), StandardCharsets.UTF_8));
				((Map<?, ?>) tags.get("u"))
					.forEach((key, value) -> received.add(new Event((String) event.get("u"), (String) key, (String) value)));
			}
		}
		return received;
	}

	private String get(GenericContainer<?> app, String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(uri(app, path)).build(), HttpResponse.BodyHandlers.ofString())
			.body();
	}

	private static URI uri(GenericContainer<?> app, String path) {
		return URI.create("http://" + app.getHost() + ":" + app.getMappedPort(8080) + path);
	}

	private static void phase(String name, long startedNanos) {
		phases.put(name, Duration.ofNanos(System.nanoTime() - startedNanos).toMillis());
	}

	private record Event(String visitor, String key, String value) {
	}

}
