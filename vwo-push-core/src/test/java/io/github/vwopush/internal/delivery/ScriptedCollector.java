package io.github.vwopush.internal.delivery;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * A real HTTP server standing in for VWO whose answer to each request is drawn from the
 * running scenario's script: the engine is tested over its real HTTP client, with real
 * connection resets and timeouts. It decodes every transport's request into (user, key,
 * value) and records, in arrival order, what it answered 2xx: only that counts as
 * received by VWO. Decisions are drawn from a seeded generator under a lock, so the
 * sequence of decisions is reproducible; which request gets which decision still depends
 * on thread timing, so a replay is faithful in kind, not to the request.
 */
final class ScriptedCollector implements ResponseDefinitionTransformerV2 {

	static final String SDK_KEY = "feedfacecafebeef0123456789abcdef";

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** An answer far larger than any settings file, to test the reader's limits. */
	private static final String HUGE_SETTINGS = "{\"pad\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}";

	/** How the collector behaves at the moment. */
	enum Mode {

		/** Every kind of answer, drawn per request. */
		FAULTY,

		/** An outage: every push request fails (5xx, 429, resets, timeouts). */
		DOWN,

		/** Answers that arrive around and beyond the response timeout: requests in flight at shutdown. */
		SLOW,

		/** 200 to everything but the poison values. */
		HEALTHY

	}

	/** One dimension as VWO received it, with the number of the request that carried it. */
	record Received(String user, String key, String value, boolean slow, long answerNanos, int request) {
	}

	/** On a 2xx: the number of the request it answers, for the engine's side to note when the answer reached it. */
	static final String REQUEST_HEADER = "X-Scripted-Request";

	/** On a request: which of the scenario's engines sent it. */
	static final String ENGINE_HEADER = "X-Scripted-Engine";

	private final WireMockServer server;

	/** Each scenario has an account id of its own, so that scenarios can share the server and run at once. */
	private final Map<Long, Script> scripts = new ConcurrentHashMap<>();

	/** Answers requests of accounts no scenario runs any more (an engine abandoned by a crash, still sending). */
	private final Script nobody = new Script(0, Map.of(), 200, false);

	ScriptedCollector() {
		this.server = new WireMockServer(wireMockConfig().dynamicPort()
			.extensions(this)
			.containerThreads(64)
			.asynchronousResponseEnabled(true)
			.asynchronousResponseThreads(16)
			.disableRequestJournal());
		this.server.start();
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)));
	}

	URI baseUrl() {
		return URI.create(this.server.baseUrl());
	}

	void shutdown() {
		this.server.stop();
	}

	/**
	 * Start a scenario's script.
	 * @param accountId the scenario's own account id
	 * @param seed the scenario's seed, for the collector's own draws
	 * @param visitors visitor id on the wire to user id
	 * @param responseTimeoutMillis the engine's response timeout, for slow answers
	 * @param splittable whether the transport can split a request VWO finds too large
	 * (413); for the others a 413 would be a legitimate final failure, which the checker
	 * cannot tell from a lost push
	 * @return the script
	 */
	Script begin(long accountId, long seed, Map<String, String> visitors, int responseTimeoutMillis,
			boolean splittable) {
		Script started = new Script(seed, visitors, responseTimeoutMillis, splittable);
		this.scripts.put(accountId, started);
		return started;
	}

	/** The scenario is over: its account's requests are answered 200 and no longer recorded. */
	void end(long accountId) {
		this.scripts.remove(accountId);
	}

	@Override
	public String getName() {
		return "scripted-vwo";
	}

	@Override
	public boolean applyGlobally() {
		return true;
	}

	@Override
	public ResponseDefinition transform(ServeEvent serveEvent) {
		Request request = serveEvent.getRequest();
		URI uri = URI.create(request.getUrl());
		String path = uri.getPath();
		Map<String, String> query = (uri.getRawQuery() != null) ? query(uri) : Map.of();
		String account = query.getOrDefault("a", query.get("account_id"));
		Script current = (account != null) ? this.scripts.getOrDefault(Long.parseLong(account), this.nobody) : this.nobody;
		if (path.endsWith("settings")) {
			return current.settings();
		}
		List<Wire> dims;
		try {
			dims = decode(request);
		}
		catch (RuntimeException ex) {
			current.malformed.add(path + ": " + ex);
			return ResponseDefinitionBuilder.responseDefinition().withStatus(400).build();
		}
		String engine = request.getHeader(ENGINE_HEADER);
		return current.answer(dims, (engine != null) ? Integer.parseInt(engine) : -1);
	}

	/** One dimension as it is on the wire: the visitor id, not the user. */
	record Wire(String visitor, String key, String value) {
	}

	/** Read (visitor, key, value) from any transport's request. */
	static List<Wire> decode(Request request) {
		List<Wire> dims = new ArrayList<>();
		URI uri = URI.create(request.getUrl());
		if ("GET".equals(request.getMethod().getName())) {
			// Legacy: GET /server-side/push?u=<visitor>&tags={"u":{key:value}}
			Map<String, String> query = query(uri);
			tags(query.get("u"), query.get("tags"), dims);
			return dims;
		}
		JsonNode body = json(request.getBodyAsString());
		if (body.has("ev")) {
			for (JsonNode event : body.path("ev")) {
				if (event.has("t")) {
					// Batch: ev[].t is the percent-encoded tags JSON, ev[].u the visitor.
					tags(event.path("u").asText(), URLDecoder.decode(event.path("t").asText(), StandardCharsets.UTF_8),
							dims);
				}
				else {
					// Batch v2: ev[] are whole event-architecture payloads.
					eventArch(event, dims);
				}
			}
		}
		else {
			eventArch(body, dims);
		}
		return dims;
	}

	private static void tags(String visitor, String tagsJson, List<Wire> dims) {
		json(tagsJson).path("u").properties().forEach((entry) -> dims.add(new Wire(visitor, entry.getKey(), text(entry.getValue()))));
	}

	private static void eventArch(JsonNode payload, List<Wire> dims) {
		JsonNode d = payload.path("d");
		String visitor = d.path("visId").asText();
		d.path("visitor").path("props").properties().forEach((entry) -> {
			if (!entry.getKey().startsWith("vwo_")) {
				dims.add(new Wire(visitor, entry.getKey(), text(entry.getValue())));
			}
		});
	}

	private static String text(JsonNode value) {
		return value.isTextual() ? value.asText() : value.toString();
	}

	private static JsonNode json(String document) {
		try {
			return JSON.readTree(document);
		}
		catch (Exception ex) {
			throw new IllegalArgumentException("not JSON: " + ex.getMessage(), ex);
		}
	}

	private static Map<String, String> query(URI uri) {
		Map<String, String> params = new LinkedHashMap<>();
		for (String pair : uri.getRawQuery().split("&")) {
			int eq = pair.indexOf('=');
			params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

	/** One scenario's collector: its draws, its mode and what it received. */
	static final class Script {

		private final SplittableRandom random;

		private final Map<String, String> visitors;

		private final int responseTimeoutMillis;

		private final List<Received> received = new ArrayList<>();

		private final Set<String> poison = ConcurrentHashMap.newKeySet();

		final List<String> malformed = Collections.synchronizedList(new ArrayList<>());

		private volatile Mode mode = Mode.FAULTY;

		private final boolean splittable;

		private int requests;

		private int settingsRequests;

		Script(long seed, Map<String, String> visitors, int responseTimeoutMillis, boolean splittable) {
			this.splittable = splittable;
			this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
			this.visitors = visitors;
			this.responseTimeoutMillis = responseTimeoutMillis;
		}

		void mode(Mode mode) {
			this.mode = mode;
		}

		/** A value VWO (or a proxy) refuses with 503 in every request that carries it. */
		void poison(String value) {
			this.poison.add(value);
		}

		private final Map<Integer, Integer> engines = new HashMap<>();

		/** What VWO answered 2xx to, in arrival order. */
		synchronized List<Received> received() {
			return new ArrayList<>(this.received);
		}

		synchronized int requests() {
			return this.requests;
		}

		synchronized int settingsRequests() {
			return this.settingsRequests;
		}

		synchronized ResponseDefinition settings() {
			this.settingsRequests++;
			if (this.mode == Mode.HEALTHY) {
				return settingsBody("{}");
			}
			int draw = this.random.nextInt(100);
			if (draw < 15) {
				// Hangs past the response timeout.
				return ResponseDefinitionBuilder.responseDefinition()
					.withStatus(200)
					.withBody("{}")
					.withFixedDelay(this.responseTimeoutMillis * 3)
					.build();
			}
			if (draw < 25) {
				return settingsBody(HUGE_SETTINGS);
			}
			if (draw < 30) {
				return ResponseDefinitionBuilder.responseDefinition().withStatus(503).build();
			}
			return settingsBody("{}");
		}

		private static ResponseDefinition settingsBody(String body) {
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(200)
				.withHeader("Content-Type", "application/json")
				.withBody(body)
				.build();
		}

		/** Which engine sent a request, by its number; -1 when it did not say. */
		synchronized int engineOf(int request) {
			return this.engines.getOrDefault(request, -1);
		}

		synchronized ResponseDefinition answer(List<Wire> dims, int engine) {
			this.requests++;
			this.engines.put(this.requests, engine);
			List<Received> mine = new ArrayList<>(dims.size());
			boolean poisoned = false;
			for (Wire dim : dims) {
				String user = this.visitors.get(dim.visitor());
				if (user == null) {
					// Not a user of this scenario (or no scenario at all): not part of any history.
					return ok(0, this.requests);
				}
				poisoned |= this.poison.contains(dim.value());
				mine.add(new Received(user, dim.key(), dim.value(), false, 0, 0));
			}
			if (poisoned) {
				return status(503, null, 0);
			}
			Mode now = this.mode;
			if (now == Mode.HEALTHY) {
				return received(mine, 0);
			}
			if (now == Mode.SLOW) {
				int delay = this.random.nextInt(this.responseTimeoutMillis * 5 / 4 + 1);
				return (this.random.nextInt(4) == 0) ? status(503, null, delay) : received(mine, delay);
			}
			int draw = this.random.nextInt(100);
			if (now == Mode.DOWN) {
				// Every request fails; shifts the draw past the successes.
				draw = 45 + this.random.nextInt(55);
			}
			if (draw < 45) {
				return received(mine, this.random.nextInt(3));
			}
			if (draw < 58) {
				return status(500 + new int[] { 0, 2, 3, 4 }[this.random.nextInt(4)], null, 0);
			}
			if (draw < 72) {
				return status(429, retryAfter(), 0);
			}
			if (draw < 80 && this.splittable && dims.size() > 1) {
				return status(413, null, 0);
			}
			if (draw < 88) {
				return ResponseDefinitionBuilder.responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
			}
			if (draw < 93 && now == Mode.FAULTY) {
				// VWO took it, but the answer comes after the response timeout.
				for (int i = 0; i < mine.size(); i++) {
					Received dim = mine.get(i);
					mine.set(i, new Received(dim.user(), dim.key(), dim.value(), true, 0, 0));
				}
				return received(mine, this.responseTimeoutMillis + 50 + this.random.nextInt(100));
			}
			return status(503, retryAfter(), this.responseTimeoutMillis + 50 + this.random.nextInt(100));
		}

		/** Seconds, an HTTP date, absurdly large, garbage, or none. */
		private String retryAfter() {
			return switch (this.random.nextInt(6)) {
				case 0 -> "1";
				case 1 -> DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(5));
				case 2 -> "10000000000000000";
				case 3 -> "99999999999999999999999";
				case 4 -> "soon, maybe";
				default -> null;
			};
		}

		private ResponseDefinition received(List<Received> dims, int delayMillis) {
			long answerNanos = System.nanoTime() + delayMillis * 1_000_000L;
			for (Received dim : dims) {
				this.received.add(new Received(dim.user(), dim.key(), dim.value(),
						dim.slow() || delayMillis >= this.responseTimeoutMillis, answerNanos, this.requests));
			}
			return ok(delayMillis, this.requests);
		}

		private static ResponseDefinition ok(int delayMillis, int request) {
			return ResponseDefinitionBuilder.responseDefinition()
				.withStatus(200)
				.withHeader(REQUEST_HEADER, Integer.toString(request))
				.withBody("{}")
				.withFixedDelay(delayMillis)
				.build();
		}

		private static ResponseDefinition status(int status, String retryAfter, int delayMillis) {
			ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.responseDefinition()
				.withStatus(status)
				.withFixedDelay(delayMillis);
			if (retryAfter != null) {
				answer.withHeader("Retry-After", retryAfter);
			}
			return answer.build();
		}

	}

}
