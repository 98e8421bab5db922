package io.github.vwopush.sample.operations;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.vwopush.PushReason;
import io.github.vwopush.sample.PricingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * The operations kit in {@code docs/operations} against the meters the sample really
 * exposes: the sample runs with its local collector, delivers, lives through an outage and
 * a refused SDK key (the collector's drills), and {@code /actuator/prometheus} is scraped
 * along the way. Every metric the Grafana dashboard and the alert rules query must be in
 * those scrapes, with the labels they select and group on; the rules pass
 * {@code promtool check rules} and their unit tests pass {@code promtool test rules}.
 */
class OperationsKitTests {

	/** Labels the Prometheus server adds to every scraped series; the application never exposes them. */
	private static final Set<String> TARGET_LABELS = Set.of("job", "instance");

	private static final Pattern METRIC = Pattern.compile("\\b(vwo_push_[a-z0-9_]+)\\b(\\{([^}]*)})?");

	private static final Pattern MATCHER = Pattern
		.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(=~|!~|!=|=)\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+(\\S+)");

	private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

	private static final Path OPERATIONS = operationsDirectory();

	private static final HttpClient http = HttpClient.newHttpClient();

	/** Every series scraped during the scenario: name, then each series' labels. */
	private static final Map<String, Set<Map<String, String>>> scraped = new TreeMap<>();

	private static ConfigurableApplicationContext app;

	private static URI base;

	@BeforeAll
	static void runTheSampleThroughDeliveryAnOutageAndARefusedKey() throws Exception {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		base = URI.create("http://localhost:" + port);
		SpringApplication application = new SpringApplication(PricingApplication.class);
		application.setAdditionalProfiles("local-collector");
		// A short retry budget, so that the outage's dimensions fail (http_5xx) within the test.
		app = application.run("--server.port=" + port, "--vwo.batch.linger=50ms", "--vwo.retry.initial-backoff=50ms",
				"--vwo.retry.max-backoff=200ms", "--vwo.retry.max-elapsed=1s");

		// Delivery.
		price("alice");
		awaitScrape("vwo_push_dimensions_total", Map.of("result", "success", "reason", "none"), (v) -> v >= 1);
		assertThat(health()).contains("\"status\":\"UP\"");

		// An outage: VWO answers 503, the requests are retried, then their dimensions fail when the budget is spent.
		fault("outage");
		price("bob");
		awaitScrape("vwo_push_outage_duration_seconds", Map.of(), (v) -> v > 0);
		assertThat(health()).contains("\"status\":\"DEGRADED\"");
		awaitScrape("vwo_push_dimensions_total", Map.of("result", "failure", "reason", "http_5xx"), (v) -> v >= 1);
		awaitScrape("vwo_push_requests_seconds_count", Map.of("status", "503", "outcome", "SERVER_ERROR"),
				(v) -> v >= 2);

		// A refused SDK key: 401, final at once, and the credentials state says so.
		fault("refused-key");
		price("carol");
		awaitScrape("vwo_push_credentials", Map.of("state", "rejected"), (v) -> v == 1);
		awaitScrape("vwo_push_dimensions_total", Map.of("result", "failure", "reason", "http_4xx"), (v) -> v >= 1);
		assertThat(health()).contains("\"status\":\"CREDENTIALS_REJECTED\"");

		// VWO is back.
		fault("none");
		price("dora");
		awaitScrape("vwo_push_credentials", Map.of("state", "accepted"), (v) -> v == 1);
		awaitScrape("vwo_push_outage_duration_seconds", Map.of(), (v) -> v == 0);
		awaitScrape("vwo_push_dimensions_total", Map.of("result", "success", "reason", "none"), (v) -> v >= 2);
	}

	@AfterAll
	static void stop() {
		if (app != null) {
			app.close();
		}
	}

	@Test
	void theScenarioMovedTheOperationsMeters() {
		// The meters the kit relies on are there with the application tag, and moved as the drills said.
		assertThat(scraped).containsKeys("vwo_push_outage_duration_seconds", "vwo_push_credentials",
				"vwo_push_requests_in_flight", "vwo_push_requests_in_flight_max", "vwo_push_queue_max_bytes",
				"vwo_push_spool_max_size_bytes");
		assertThat(scraped.get("vwo_push_accepted_dimensions_total"))
			.allSatisfy((labels) -> assertThat(labels).containsEntry("application", "pricing-service"));
		assertThat(scraped.get("vwo_push_requests_seconds_count")).extracting((labels) -> labels.get("status"))
			.contains("200", "503", "401");
	}

	@Test
	void everyMetricTheAlertRulesQueryIsExposedWithTheLabelsTheySelectOn() throws IOException {
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> rule : alertRules()) {
			assertThat(rule).containsKeys("alert", "expr", "for", "labels", "annotations");
			assertThat(map(rule.get("annotations"))).containsKeys("summary", "description", "runbook_url");
			String runbook = String.valueOf(map(rule.get("annotations")).get("runbook_url"));
			assertThat(runbook).endsWith("docs/operations.md#" + String.valueOf(rule.get("alert")).toLowerCase(java.util.Locale.ROOT));
			// The heading alone, so that its anchor is the alert's name in lower case.
			assertThat(runbook()).as("the runbook has a section for %s", rule.get("alert"))
				.containsPattern("(?m)^### " + rule.get("alert") + "$");
			expressions.add(String.valueOf(rule.get("expr")));
		}
		assertThat(expressions).hasSizeGreaterThanOrEqualTo(7);
		expressions.forEach(OperationsKitTests::assertExposed);
	}

	@Test
	void theRunbookSaysWhatEveryReasonMeansAndWhatToDo() throws IOException {
		String runbook = runbook();
		for (PushReason reason : PushReason.values()) {
			assertThat(runbook).as(reason.name()).contains("| `" + reason.tagValue() + "` |");
		}
		assertThat(runbook).contains("| `UP` |", "| `DEGRADED` |", "| `CREDENTIALS_REJECTED` |", "| `DOWN` |");
	}

	@Test
	void theDashboardIsImportableAndEveryPanelQueriesExposedMetrics() throws IOException {
		Map<String, Object> dashboard = JsonParserFactory.getJsonParser()
			.parseMap(Files.readString(OPERATIONS.resolve("grafana-dashboard.json")));
		assertThat(dashboard).containsKeys("title", "uid", "panels", "templating", "schemaVersion");
		List<Map<String, Object>> variables = maps(map(dashboard.get("templating")).get("list"));
		Map<String, Map<String, Object>> byName = new LinkedHashMap<>();
		variables.forEach((variable) -> byName.put(String.valueOf(variable.get("name")), variable));
		assertThat(byName).containsKeys("datasource", "application", "instance");
		assertThat(byName.get("datasource")).containsEntry("type", "datasource").containsEntry("query", "prometheus");
		for (String name : List.of("application", "instance")) {
			Map<String, Object> variable = byName.get(name);
			assertThat(variable).containsEntry("type", "query");
			assertThat(String.valueOf(map(variable.get("datasource")).get("uid"))).isEqualTo("${datasource}");
			String query = String.valueOf(variable.get("definition"));
			assertThat(query).startsWith("label_values(").endsWith(", " + name + ")");
			assertExposed(query);
			if (!TARGET_LABELS.contains(name)) {
				Matcher metric = METRIC.matcher(query);
				assertThat(metric.find()).isTrue();
				assertThat(scraped.get(metric.group(1))).as("%s has the label %s", metric.group(1), name)
					.anySatisfy((labels) -> assertThat(labels).containsKey(name));
			}
		}
		List<Map<String, Object>> panels = new ArrayList<>();
		collectPanels(maps(dashboard.get("panels")), panels);
		assertThat(panels).hasSizeGreaterThanOrEqualTo(12);
		Set<String> titles = new LinkedHashSet<>();
		for (Map<String, Object> panel : panels) {
			String title = String.valueOf(panel.get("title"));
			assertThat(titles.add(title)).as("panel titles are unique: %s", title).isTrue();
			assertThat(String.valueOf(map(panel.get("datasource")).get("uid"))).as(title).isEqualTo("${datasource}");
			List<Map<String, Object>> targets = maps(panel.get("targets"));
			assertThat(targets).as("%s has a query", title).isNotEmpty();
			for (Map<String, Object> target : targets) {
				String expr = String.valueOf(target.get("expr"));
				assertThat(METRIC.matcher(expr).find()).as("%s queries a vwo_push metric: %s", title, expr).isTrue();
				assertExposed(expr);
			}
		}
	}

	@Test
	void theAlertRulesPassPromtoolsCheckAndTheirUnitTests() throws Exception {
		String promtool = promtool();
		assertThat(run(promtool, "check", "rules", "prometheus-alerts.yml")).contains("SUCCESS");
		assertThat(run(promtool, "test", "rules", "prometheus-alerts.test.yml")).contains("SUCCESS");
	}

	@Test
	void theDashboardsQueriesAreValidPromql(@TempDir Path temp) throws Exception {
		// promtool parses each query as a recording rule, with Grafana's variables given values.
		Map<String, Object> dashboard = JsonParserFactory.getJsonParser()
			.parseMap(Files.readString(OPERATIONS.resolve("grafana-dashboard.json")));
		List<Map<String, Object>> panels = new ArrayList<>();
		collectPanels(maps(dashboard.get("panels")), panels);
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
		int count = 0;
		for (Map<String, Object> panel : panels) {
			for (Map<String, Object> target : maps(panel.get("targets"))) {
				String expr = String.valueOf(target.get("expr"))
					.replace("$__rate_interval", "5m")
					.replace("$application", ".*")
					.replace("$instance", ".*");
				rules.append("      - record: dashboard:query_").append(count++).append('\n');
				rules.append("        expr: \"").append(expr.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
			}
		}
		Path file = Files.writeString(temp.resolve("dashboard-queries.yml"), rules);
		assertThat(run(promtool(), "check", "rules", file.toString())).contains("SUCCESS: " + count + " rules found");
	}

	/** Every metric an expression names was scraped, with every label it matches on and a value it selects. */
	private static void assertExposed(String expression) {
		Set<String> labelsOfExpression = new TreeSet<>();
		Matcher metric = METRIC.matcher(expression);
		while (metric.find()) {
			String name = metric.group(1);
			assertThat(scraped.keySet()).as("%s (in %s) is exposed", name, expression).contains(name);
			Set<Map<String, String>> series = scraped.get(name);
			series.forEach((labels) -> labelsOfExpression.addAll(labels.keySet()));
			if (metric.group(3) == null) {
				continue;
			}
			Matcher matcher = MATCHER.matcher(metric.group(3));
			while (matcher.find()) {
				String label = matcher.group(1);
				String operator = matcher.group(2);
				String value = matcher.group(3);
				if (TARGET_LABELS.contains(label)) {
					continue;
				}
				assertThat(series).as("%s has the label %s (in %s)", name, label, expression)
					.anySatisfy((labels) -> assertThat(labels).containsKey(label));
				if (value.contains("$")) {
					continue; // A dashboard variable.
				}
				if (operator.equals("=")) {
					assertThat(series).as("%s has a series with %s=\"%s\" (in %s)", name, label, value, expression)
						.anySatisfy((labels) -> assertThat(labels).containsEntry(label, value));
				}
				else if (operator.equals("=~")) {
					for (String alternative : value.split("\\|")) {
						assertThat(series)
							.as("%s has a series with %s=\"%s\" (in %s)", name, label, alternative, expression)
							.anySatisfy((labels) -> assertThat(labels).containsEntry(label, alternative));
					}
				}
				else if (operator.equals("!=")) {
					assertThat(series).as("%s has a series with %s=\"%s\" (in %s)", name, label, value, expression)
						.anySatisfy((labels) -> assertThat(labels).containsEntry(label, value));
				}
			}
		}
		Matcher grouping = GROUPING.matcher(expression);
		while (grouping.find()) {
			for (String label : grouping.group(2).split(",")) {
				String trimmed = label.strip();
				if (!trimmed.isEmpty() && !TARGET_LABELS.contains(trimmed)) {
					assertThat(labelsOfExpression).as("a metric of %s has the label %s", expression, trimmed)
						.contains(trimmed);
				}
			}
		}
	}

	private static String runbook() throws IOException {
		return Files.readString(OPERATIONS.resolveSibling("operations.md"));
	}

	private static List<Map<String, Object>> alertRules() throws IOException {
		Map<String, Object> file = new Yaml().load(Files.readString(OPERATIONS.resolve("prometheus-alerts.yml")));
		List<Map<String, Object>> rules = new ArrayList<>();
		for (Map<String, Object> group : maps(file.get("groups"))) {
			rules.addAll(maps(group.get("rules")));
		}
		return rules;
	}

	private static void collectPanels(List<Map<String, Object>> panels, List<Map<String, Object>> into) {
		for (Map<String, Object> panel : panels) {
			if ("row".equals(panel.get("type"))) {
				collectPanels(maps(panel.getOrDefault("panels", List.of())), into);
			}
			else {
				into.add(panel);
			}
		}
	}

	private static String promtool() {
		for (String directory : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
			Path candidate = Path.of(directory, "promtool");
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		if ("true".equalsIgnoreCase(System.getenv("CI"))) {
			fail("promtool is not installed: CI must run it (.ci/run installs Debian's prometheus package)");
		}
		assumeThat(false).as("promtool is not installed (apt-get install prometheus); CI runs this test").isTrue();
		throw new IllegalStateException();
	}

	private static String run(String... command) throws Exception {
		Process process = new ProcessBuilder(command).directory(OPERATIONS.toFile()).redirectErrorStream(true).start();
		String output;
		try (var in = process.getInputStream()) {
			output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as("%s:%n%s", String.join(" ", command), output).isZero();
		return output;
	}

	/** {@code docs/operations} of the repository: the tests run in sample-app or sample-app-boot3. */
	private static Path operationsDirectory() {
		Path directory = Path.of("").toAbsolutePath();
		while (directory != null && !Files.isDirectory(directory.resolve("docs/operations"))) {
			directory = directory.getParent();
		}
		assertThat(directory).as("docs/operations above " + Path.of("").toAbsolutePath()).isNotNull();
		return directory.resolve("docs/operations");
	}

	private static void price(String user) throws Exception {
		HttpResponse<String> response = http.send(
				HttpRequest.newBuilder(base.resolve("/prices/gold")).header("X-User-Id", user).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private static void fault(String fault) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/collector/fault/" + fault))
			.PUT(HttpRequest.BodyPublishers.noBody())
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
	}

	private static String health() throws Exception {
		return http
			.send(HttpRequest.newBuilder(base.resolve("/actuator/health/vwo")).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
	}

	/** Scrape until one series of {@code name} with {@code labels} has a value that {@code condition} accepts. */
	private static void awaitScrape(String name, Map<String, String> labels,
			java.util.function.DoublePredicate condition) {
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
			Map<Map<String, String>, Double> values = scrape().getOrDefault(name, Map.of());
			assertThat(values).as("%s%s in %s", name, labels, values)
				.anySatisfy((series, value) -> {
					assertThat(series).containsAllEntriesOf(labels);
					assertThat(condition.test(value)).as("%s = %s", series, value).isTrue();
				});
		});
	}

	/** One scrape of /actuator/prometheus, in Prometheus' text format; also kept in {@link #scraped}. */
	private static Map<String, Map<Map<String, String>, Double>> scrape() throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(base.resolve("/actuator/prometheus"))
			.header("Accept", "text/plain;version=0.0.4")
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		Map<String, Map<Map<String, String>, Double>> series = new TreeMap<>();
		for (String line : response.body().split("\n")) {
			Matcher sample = SAMPLE.matcher(line);
			if (line.startsWith("#") || !sample.find()) {
				continue;
			}
			Map<String, String> labels = new TreeMap<>();
			if (sample.group(3) != null) {
				Matcher label = LABEL.matcher(sample.group(3));
				while (label.find()) {
					labels.put(label.group(1), label.group(2));
				}
			}
			series.computeIfAbsent(sample.group(1), (k) -> new LinkedHashMap<>())
				.put(labels, Double.parseDouble(sample.group(4)));
		}
		synchronized (scraped) {
			series.forEach((name, values) -> scraped.computeIfAbsent(name, (k) -> new LinkedHashSet<>())
				.addAll(values.keySet()));
		}
		return series;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		assertThat(value).isInstanceOf(Map.class);
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> maps(Object value) {
		assertThat(value).isInstanceOf(List.class);
		return (List<Map<String, Object>>) value;
	}

}
