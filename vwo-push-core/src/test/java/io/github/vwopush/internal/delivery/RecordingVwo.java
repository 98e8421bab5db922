package io.github.vwopush.internal.delivery;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.github.vwopush.internal.protocol.VisitorUuid;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/**
 * WireMock standing in for VWO's batch endpoint, recording the dimensions of every request
 * it answered 2xx in the order it answered them: what VWO accepted, as user, key and value.
 * Requests that carry one user key are never in flight together, so for each user key this
 * order is the order VWO applied its values in.
 */
final class RecordingVwo implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	final WireMockServer server = new WireMockServer(wireMockConfig().dynamicPort());

	private final List<Accepted> accepted = new ArrayList<>();

	private final Map<String, String> users = new HashMap<>();

	private final VisitorUuid uuids = VisitorUuid.forAccount(TestEngine.ACCOUNT_ID);

	RecordingVwo() {
		this.server.start();
		this.server.addMockServiceRequestListener(this::answered);
		healthy();
	}

	String baseUrl() {
		return this.server.baseUrl();
	}

	/** Settings without a prefix, and 200 to every batch request. */
	void healthy() {
		// The old stubs go once the new ones answer: a reset first would leave a moment in which WireMock answers
		// 404, which is final.
		List<StubMapping> before = this.server.getStubMappings();
		this.server.stubFor(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		this.server.stubFor(post(urlPathEqualTo("/server-side/batch-events")).willReturn(aResponse().withStatus(200)));
		before.forEach(this.server::removeStubMapping);
	}

	/** The user ids the test pushes for, so that visitor UUIDs read back as them. */
	void knows(String... userIds) {
		for (String userId : userIds) {
			this.users.put(this.uuids.of(userId), userId);
		}
	}

	private void answered(Request request, Response response) {
		if (!request.getUrl().startsWith("/server-side/batch-events") || response.getStatus() / 100 != 2
				|| response.getFault() != null) {
			return;
		}
		try {
			List<Accepted> events = new ArrayList<>();
			for (JsonNode event : JSON.readTree(request.getBody()).path("ev")) {
				String user = this.users.getOrDefault(event.path("u").asText(), event.path("u").asText());
				JsonNode tags = JSON.readTree(URLDecoder.decode(event.path("t").asText(), StandardCharsets.UTF_8))
					.path("u");
				tags.properties().forEach((tag) -> events.add(new Accepted(user, tag.getKey(), tag.getValue().asText())));
			}
			synchronized (this.accepted) {
				this.accepted.addAll(events);
			}
		}
		catch (java.io.IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** Values VWO accepted for one user key, in the order it accepted them. */
	List<String> values(String user, String key) {
		synchronized (this.accepted) {
			return this.accepted.stream()
				.filter((event) -> event.user().equals(user) && event.key().equals(key))
				.map(Accepted::value)
				.toList();
		}
	}

	int acceptedCount() {
		synchronized (this.accepted) {
			return this.accepted.size();
		}
	}

	@Override
	public void close() {
		this.server.stop();
	}

	record Accepted(String user, String key, String value) {
	}

}
