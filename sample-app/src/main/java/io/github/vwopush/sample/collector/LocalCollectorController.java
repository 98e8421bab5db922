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
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stands in for VWO when the app runs without a VWO account: it answers like VWO's push
 * endpoints and records the dimensions it received, for {@code GET /collector/received}.
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

	@GetMapping({ "/server-side/settings", "/server-side/v2-settings" })
	Map<String, Object> settings(@RequestParam("a") String accountId) {
		return Map.of("accountId", Long.parseLong(accountId), "campaigns", List.of(), "version", 1);
	}

	@PostMapping("/server-side/batch-events")
	Map<String, Object> batchEvents(@RequestBody byte[] body) {
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
		object(JSON.parseMap(tags).get("u"))
			.forEach((key, value) -> keep(new ReceivedDimension(visitor, key, String.valueOf(value), "push", Instant.now())));
		return Map.of();
	}

	@PostMapping("/events/t")
	Map<String, Object> eventArch(@RequestBody byte[] body) {
		keepPayload(parse(body), "events/t");
		return Map.of();
	}

	/** FME: whole event-architecture payloads, many per request. */
	@PostMapping("/server-side/batch-events-v2")
	Map<String, Object> batchEventsV2(@RequestBody byte[] body) {
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
