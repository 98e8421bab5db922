package io.github.vwopush.sample.collector;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * Stands in for VWO when the app runs without a VWO account: it answers like VWO's push
 * endpoints and records the dimensions it received, for {@code GET /collector/received}.
 * <p>
 * For drills (docs/operations.md), {@code PUT /collector/fault/outage} makes it answer 503
 * like VWO during an outage, {@code PUT /collector/fault/refused-key} 401 like VWO to a wrong
 * SDK key, and {@code PUT /collector/fault/none} brings it back.
 */
@RestController
@Profile("local-collector")
@RequestMapping("/collector")
class LocalCollectorController {

	private static final Logger logger = LoggerFactory.getLogger(LocalCollectorController.class);

	// Boot's own JSON parser, on whichever JSON library the Spring Boot line ships: the same sample runs on both lines.
	private static final JsonParser JSON = JsonParserFactory.getJsonParser();

	private static final int KEPT = 1000;

	private final Deque<ReceivedDimension> received = new ConcurrentLinkedDeque<>();

	private volatile Fault fault = Fault.NONE;

	@GetMapping({ "/server-side/settings", "/server-side/v2-settings" })
	Map<String, Object> settings(@RequestParam("a") String accountId) {
		answerLikeVwo();
		return Map.of("accountId", Long.parseLong(accountId), "campaigns", List.of(), "version", 1);
	}

	@PostMapping("/server-side/batch-events")
	Map<String, Object> batchEvents(@RequestBody byte[] body) {
		answerLikeVwo();
		List<ReceivedDimension> batch = new ArrayList<>();
		for (Object item : list(parse(body).get("ev"))) {
			Map<String, Object> event = object(item);
			String tags = URLDecoder.decode(String.valueOf(event.get("t")), StandardCharsets.UTF_8);
			object(JSON.parseMap(tags).get("u")).forEach((key, value) -> batch.add(new ReceivedDimension(
					String.valueOf(event.get("u")), key, String.valueOf(value), "batch-events", Instant.now())));
		}
		batch.forEach(this::keep);
		logger.info("Collector received a batch of {} dimension(s): {}", batch.size(),
				batch.stream().map((d) -> d.key() + "=" + d.value()).toList());
		return Map.of();
	}

	@GetMapping("/server-side/push")
	Map<String, Object> legacyPush(@RequestParam("u") String visitor, @RequestParam("tags") String tags) {
		answerLikeVwo();
		object(JSON.parseMap(tags).get("u"))
			.forEach((key, value) -> keep(new ReceivedDimension(visitor, key, String.valueOf(value), "push", Instant.now())));
		return Map.of();
	}

	@PostMapping("/events/t")
	Map<String, Object> eventArch(@RequestBody byte[] body) {
		answerLikeVwo();
		keepPayload(parse(body), "events/t");
		return Map.of();
	}

	/** FME: whole event-architecture payloads, many per request. */
	@PostMapping("/server-side/batch-events-v2")
	Map<String, Object> batchEventsV2(@RequestBody byte[] body) {
		answerLikeVwo();
		list(parse(body).get("ev")).forEach((payload) -> keepPayload(object(payload), "batch-events-v2"));
		return Map.of();
	}

	private void keepPayload(Map<String, Object> payload, String via) {
		Map<String, Object> d = object(payload.get("d"));
		object(object(d.get("visitor")).get("props")).forEach((key, value) -> {
			if (!key.equals("vwo_fs_environment")) {
				keep(new ReceivedDimension(String.valueOf(d.get("visId")), key, String.valueOf(value), via,
						Instant.now()));
			}
		});
	}

	private static Map<String, Object> parse(byte[] body) {
		return JSON.parseMap(new String(body, StandardCharsets.UTF_8));
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> object(Object value) {
		return (value instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static List<?> list(Object value) {
		return (value instanceof List<?> items) ? items : List.of();
	}

	/** A drill: how the collector answers from now on ({@code none}, {@code outage} or {@code refused-key}). */
	@PutMapping("/fault/{fault}")
	Map<String, Object> fault(@PathVariable("fault") String fault) {
		this.fault = Fault.of(fault);
		logger.info("Collector now answers {}", this.fault.description);
		return Map.of("fault", this.fault.value);
	}

	private void answerLikeVwo() {
		Fault current = this.fault;
		if (current.status != null) {
			throw new ResponseStatusException(current.status, current.description);
		}
	}

	/** What arrived, newest last. */
	@GetMapping("/received")
	List<ReceivedDimension> received() {
		return List.copyOf(this.received);
	}

	private void keep(ReceivedDimension dimension) {
		this.received.addLast(dimension);
		while (this.received.size() > KEPT) {
			this.received.pollFirst();
		}
	}

	private enum Fault {

		NONE("none", null, "like VWO"), OUTAGE("outage", HttpStatus.SERVICE_UNAVAILABLE, "503, like VWO during an outage"),
		REFUSED_KEY("refused-key", HttpStatus.UNAUTHORIZED, "401, like VWO to a wrong SDK key");

		private final String value;

		private final HttpStatus status; // null: answer normally

		private final String description;

		Fault(String value, HttpStatus status, String description) {
			this.value = value;
			this.status = status;
			this.description = description;
		}

		static Fault of(String value) {
			for (Fault fault : values()) {
				if (fault.value.equals(value)) {
					return fault;
				}
			}
			throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "fault is none, outage or refused-key");
		}

	}

	/**
	 * One dimension as VWO would have stored it.
	 *
	 * @param visitor the visitor UUID (VWO never sees the raw user id)
	 * @param key the custom dimension key
	 * @param value the value
	 * @param via the endpoint it came through
	 * @param receivedAt when it arrived
	 */
	record ReceivedDimension(String visitor, String key, String value, String via, Instant receivedAt) {
	}

}
