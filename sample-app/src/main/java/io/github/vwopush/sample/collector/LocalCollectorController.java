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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final int KEPT = 1000;

	private final Deque<ReceivedDimension> received = new ConcurrentLinkedDeque<>();

	@GetMapping({ "/server-side/settings", "/server-side/v2-settings" })
	Map<String, Object> settings(@RequestParam("a") String accountId) {
		return Map.of("accountId", Long.parseLong(accountId), "campaigns", List.of(), "version", 1);
	}

	@PostMapping("/server-side/batch-events")
	Map<String, Object> batchEvents(@RequestBody byte[] body) {
		List<ReceivedDimension> batch = new ArrayList<>();
		for (JsonNode event : JSON.readTree(body).path("ev")) {
			String tags = URLDecoder.decode(event.path("t").asString(), StandardCharsets.UTF_8);
			JSON.readTree(tags)
				.path("u")
				.properties()
				.forEach((tag) -> batch.add(new ReceivedDimension(event.path("u").asString(), tag.getKey(),
						tag.getValue().asString(), "batch-events", Instant.now())));
		}
		batch.forEach(this::keep);
		logger.info("Collector received a batch of {} dimension(s): {}", batch.size(),
				batch.stream().map((d) -> d.key() + "=" + d.value()).toList());
		return Map.of();
	}

	@GetMapping("/server-side/push")
	Map<String, Object> legacyPush(@RequestParam("u") String visitor, @RequestParam("tags") String tags) {
		JSON.readTree(tags)
			.path("u")
			.properties()
			.forEach((tag) -> keep(
					new ReceivedDimension(visitor, tag.getKey(), tag.getValue().asString(), "push", Instant.now())));
		return Map.of();
	}

	@PostMapping("/events/t")
	Map<String, Object> eventArch(@RequestBody byte[] body) {
		keepPayload(JSON.readTree(body), "events/t");
		return Map.of();
	}

	/** FME: whole event-architecture payloads, many per request. */
	@PostMapping("/server-side/batch-events-v2")
	Map<String, Object> batchEventsV2(@RequestBody byte[] body) {
		JSON.readTree(body).path("ev").forEach((payload) -> keepPayload(payload, "batch-events-v2"));
		return Map.of();
	}

	private void keepPayload(JsonNode payload, String via) {
		JsonNode d = payload.path("d");
		d.path("visitor").path("props").properties().forEach((prop) -> {
			if (!prop.getKey().equals("vwo_fs_environment")) {
				keep(new ReceivedDimension(d.path("visId").asString(), prop.getKey(), prop.getValue().asString(), via,
						Instant.now()));
			}
		});
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
