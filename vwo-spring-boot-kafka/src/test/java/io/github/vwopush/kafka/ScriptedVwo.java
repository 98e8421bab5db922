package io.github.vwopush.kafka;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock as VWO, answering batch requests as a fault schedule scripts it (200, 500 or 503,
 * 429 with {@code Retry-After}, a slow 200), and refusing for good (400) any request that
 * carries a value marked {@code refused} whenever it would otherwise accept it. Each relay
 * has a base path of its own ({@code /r3/server-side/batch-events}), so every request is
 * known by the relay that sent it. Every batch request is recorded when it arrives (before
 * a slow answer's delay: VWO has it from then on), with the answer it gets.
 */
final class ScriptedVwo implements AutoCloseable {

	enum Mode {

		/** 200. */
		OK,

		/** 500 or 503. */
		DOWN,

		/** 429 with {@code Retry-After: 1}. */
		RATE_LIMITED,

		/** 200 after a delay. */
		SLOW

	}

	/** One batch request as VWO received it, and its answer. */
	record Arrival(int seq, long nanos, String relay, long account, int status, List<Event> events) {

		boolean accepted() {
			return this.status / 100 == 2;
		}

	}

	/** One dimension in a request: the visitor's UUID, the key and the value. */
	record Event(String visitor, String key, String value) {
	}

	private static final Pattern EVENT = Pattern.compile("\"t\":\"([^\"]+)\",\"u\":\"([^\"]+)\"");

	private static final Pattern TAGS = Pattern.compile("\\{\"u\":\\{\"(.*)\":\"(.*)\"\\}\\}");

	private static final Pattern RELAY = Pattern.compile("^/([^/]+)/server-side/batch-events$");

	private static final Pattern ACCOUNT = Pattern.compile("[?&]a=(\\d+)");

	private final WireMockServer server;

	private final List<Arrival> arrivals = new CopyOnWriteArrayList<>();

	private final Object lock = new Object();

	private volatile Mode mode = Mode.OK;

	/** Relays VWO answers otherwise than the rest (as when only their way to VWO is broken). */
	private final Map<String, Mode> modeByRelay = new ConcurrentHashMap<>();

	private volatile int slowMillis = 500;

	private SplittableRandom random = new SplittableRandom(0);

	ScriptedVwo() {
		this.server = new WireMockServer(wireMockConfig().dynamicPort()
			.containerThreads(120)
			.extensions(new Script()));
		this.server.start();
		this.server.stubFor(get(urlPathMatching(".*/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		this.server.stubFor(post(urlPathMatching(".*/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
	}

	/** The base URL a relay (or producer) of this name sends to. */
	String baseUrl(String name) {
		return this.server.baseUrl() + "/" + name;
	}

	/** A new scenario: VWO answers 200, with its own random choices, and forgets what it received. */
	void begin(long seed) {
		synchronized (this.lock) {
			this.random = new SplittableRandom(seed);
		}
		this.mode = Mode.OK;
		this.modeByRelay.clear();
		this.arrivals.clear();
		this.server.resetRequests();
	}

	void mode(Mode mode) {
		this.mode = mode;
	}

	/** VWO answers this relay so, whatever it answers the others. */
	void mode(String relay, Mode mode) {
		this.modeByRelay.put(relay, mode);
	}

	void slow(int millis) {
		this.slowMillis = millis;
		this.mode = Mode.SLOW;
	}

	Mode mode() {
		return this.mode;
	}

	int slowMillis() {
		return this.slowMillis;
	}

	/** The batch requests received so far for this account, in the order they arrived. */
	List<Arrival> arrivals(long account) {
		return this.arrivals.stream().filter((arrival) -> arrival.account() == account).toList();
	}

	int received() {
		return this.arrivals.size();
	}

	/** Whether a request from this relay arrived at or after this position in the arrivals. */
	boolean receivedFrom(String relay, int since) {
		List<Arrival> all = this.arrivals;
		for (int i = since; i < all.size(); i++) {
			if (all.get(i).relay().equals(relay)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.server.stop();
	}

	private final class Script implements ResponseDefinitionTransformerV2 {

		@Override
		public String getName() {
			return "scripted-vwo";
		}

		@Override
		public ResponseDefinition transform(ServeEvent serveEvent) {
			LoggedRequest request = serveEvent.getRequest();
			Matcher relay = RELAY.matcher(request.getUrl().replaceFirst("\\?.*$", ""));
			if (!"POST".equals(request.getMethod().getName()) || !relay.matches()) {
				return serveEvent.getResponseDefinition();
			}
			String body = request.getBodyAsString();
			Mode now = ScriptedVwo.this.modeByRelay.getOrDefault(relay.group(1), ScriptedVwo.this.mode);
			ResponseDefinitionBuilder answer = ResponseDefinitionBuilder.like(serveEvent.getResponseDefinition()).but();
			int status;
			synchronized (ScriptedVwo.this.lock) {
				status = switch (now) {
					case OK, SLOW -> body.contains("refused") ? 400 : 200;
					case DOWN -> ScriptedVwo.this.random.nextBoolean() ? 500 : 503;
					case RATE_LIMITED -> 429;
				};
				Matcher account = ACCOUNT.matcher(request.getUrl());
				ScriptedVwo.this.arrivals.add(new Arrival(ScriptedVwo.this.arrivals.size(), System.nanoTime(),
						relay.group(1), account.find() ? Long.parseLong(account.group(1)) : -1, status, events(body)));
			}
			answer.withStatus(status);
			if (status == 400) {
				answer.withBody("invalid tag");
			}
			if (status == 429) {
				answer.withHeader("Retry-After", "1");
			}
			if (now == Mode.SLOW) {
				answer.withFixedDelay(ScriptedVwo.this.slowMillis);
			}
			return answer.build();
		}

	}

	private static List<Event> events(String body) {
		List<Event> events = new ArrayList<>();
		Matcher event = EVENT.matcher(body);
		while (event.find()) {
			Matcher tags = TAGS.matcher(URLDecoder.decode(event.group(1), StandardCharsets.UTF_8));
			if (tags.matches()) {
				events.add(new Event(event.group(2), tags.group(1), tags.group(2)));
			}
			else {
				events.add(new Event(event.group(2), "?", event.group(1)));
			}
		}
		return events;
	}

}
