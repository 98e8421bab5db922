package io.github.vwopush;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.github.vwopush.autoconfigure.VwoAutoConfiguration;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock standing in for VWO, and a context runner pointed at it.
 */
public final class VwoWireMock {

	public static final String SDK_KEY = "feedfacecafebeef0123456789abcdef";

	public static final long ACCOUNT_ID = 123456;

	static final JsonMapper JSON = JsonMapper.builder().build();

	private VwoWireMock() {
	}

	public static WireMockExtension extension() {
		return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();
	}

	/** VWO answering 200 to settings (no prefix) and to every event endpoint. */
	public static void healthy(WireMockExtension vwo) {
		vwo.resetAll();
		vwo.stubFor(get(urlPathMatching("/server-side/(v2-)?settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		vwo.stubFor(any(urlPathMatching("/(.+/)?(server-side/(batch-events(-v2)?|push)|events/t)"))
			.willReturn(aResponse().withStatus(200).withBody("{}")));
	}

	public static ApplicationContextRunner runner(WireMockExtension vwo, String... properties) {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class))
			.withPropertyValues("vwo.account-id=" + ACCOUNT_ID, "vwo.sdk-key=" + SDK_KEY,
					"vwo.base-url=" + vwo.baseUrl(), "vwo.batch.linger=20ms", "vwo.retry.initial-backoff=10ms",
					"vwo.retry.max-backoff=40ms", "vwo.http.response-timeout=2s", "vwo.shutdown.timeout=5s")
			.withPropertyValues(properties);
	}

	/** Requests to the push endpoints, in arrival order. */
	public static List<LoggedRequest> pushRequests(WireMockExtension vwo) {
		List<LoggedRequest> requests = new ArrayList<>(vwo.getAllServeEvents()
			.stream()
			.map((event) -> event.getRequest())
			.filter((request) -> !request.getUrl().contains("settings?"))
			.toList());
		requests.sort((a, b) -> a.getLoggedDate().compareTo(b.getLoggedDate()));
		return requests;
	}

	public static Map<String, String> query(LoggedRequest request) {
		Map<String, String> params = new LinkedHashMap<>();
		String raw = URI.create(request.getUrl()).getRawQuery();
		for (String pair : raw.split("&")) {
			int eq = pair.indexOf('=');
			params.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
					URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
		}
		return params;
	}

	public static JsonNode body(LoggedRequest request) {
		return json(request.getBody());
	}

	/** A JSON document read into a tree. */
	public static JsonNode json(byte[] document) {
		try {
			return JSON.readTree(document);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** A JSON document read into a tree. */
	public static JsonNode json(String document) {
		return json(document.getBytes(StandardCharsets.UTF_8));
	}

	/** The names of an object's properties, in document order. */
	public static List<String> names(JsonNode object) {
		List<String> names = new ArrayList<>();
		object.fieldNames().forEachRemaining(names::add);
		return names;
	}

	/** One decoded batch event. */
	public record ReceivedEvent(String visitor, String key, String value) {
	}

	/** Every batch event of every push request, decoded, in arrival order. */
	public static List<ReceivedEvent> batchEvents(WireMockExtension vwo) {
		List<ReceivedEvent> events = new ArrayList<>();
		pushRequests(vwo).forEach((request) -> events.addAll(decodeEvents(request)));
		return events;
	}

	/** Decoded batch events of the requests VWO answered 2xx: what VWO actually accepted. */
	public static List<ReceivedEvent> acceptedEvents(WireMockExtension vwo) {
		List<ReceivedEvent> events = new ArrayList<>();
		vwo.getAllServeEvents()
			.stream()
			.filter((served) -> served.getRequest().getUrl().contains("/server-side/batch-events"))
			.filter((served) -> served.getResponse() != null && served.getResponse().getFault() == null
					&& served.getResponse().getStatus() / 100 == 2)
			.forEach((served) -> events.addAll(decodeEvents(served.getRequest())));
		return events;
	}

	/** The batch events of one request, decoded. */
	public static List<ReceivedEvent> decodeEvents(LoggedRequest request) {
		List<ReceivedEvent> events = new ArrayList<>();
		for (JsonNode event : body(request).path("ev")) {
			JsonNode u = json(URLDecoder.decode(event.path("t").asText(), StandardCharsets.UTF_8)).path("u");
			u.properties()
				.forEach((entry) -> events.add(
						new ReceivedEvent(event.path("u").asText(), entry.getKey(), entry.getValue().asText())));
		}
		return events;
	}

	/** Decoded {@code key -> value} of every batch event in the request. */
	public static Map<String, String> batchTags(LoggedRequest request) {
		Map<String, String> tags = new LinkedHashMap<>();
		for (JsonNode event : body(request).path("ev")) {
			JsonNode u = json(URLDecoder.decode(event.path("t").asText(), StandardCharsets.UTF_8)).path("u");
			u.properties().forEach((entry) -> tags.put(entry.getKey(), entry.getValue().asText()));
		}
		return tags;
	}

}
