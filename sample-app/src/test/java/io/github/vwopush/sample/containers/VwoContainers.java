package io.github.vwopush.sample.containers;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * WireMock in a container, as a user would start it, standing in for VWO.
 */
final class VwoContainers {

	static final String WIREMOCK_IMAGE = "wiremock/wiremock:3.13.2";

	static final String SDK_KEY = "c0ffee00c0ffee00c0ffee00c0ffee00";
	// Boot's own parser, on whichever JSON library the Spring Boot line has: the same test runs on both lines.
	private static final JsonParser JSON = JsonParserFactory.getJsonParser();

	private VwoContainers() {
	}

	@SuppressWarnings("resource")
	static GenericContainer<?> wireMock() {
		return new GenericContainer<>(DockerImageName.parse(WIREMOCK_IMAGE)).withExposedPorts(8080)
			.waitingFor(Wait.forHttp("/__admin/health").forStatusCode(200));
	}

	static WireMock client(GenericContainer<?> wireMock) {
		return new WireMock(wireMock.getHost(), wireMock.getMappedPort(8080));
	}

	/** VWO answering 200 to settings and to every push endpoint. */
	static void healthyVwo(WireMock vwo) {
		vwo.register(get(urlPathEqualTo("/server-side/settings"))
			.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody("{}")));
		vwo.register(any(urlPathMatching("/(.+/)?(server-side/(batch-events|push)|events/t)"))
			.willReturn(aResponse().withStatus(200).withBody("{}")));
	}

	static List<LoggedRequest> batchRequests(WireMock vwo) {
		return vwo.find(postRequestedFor(urlPathEqualTo("/server-side/batch-events")));
	}

	/** {@code visitor key=value} for every batch event received. */
	static List<String> receivedDimensions(WireMock vwo) {
		List<String> received = new ArrayList<>();
		for (LoggedRequest request : batchRequests(vwo)) {
			Map<String, Object> body = JSON.parseMap(request.getBodyAsString());
			for (Object item : (List<?>) body.get("ev")) {
				Map<?, ?> event = (Map<?, ?>) item;
				Map<String, Object> tags = JSON
					.parseMap(URLDecoder.decode((String) event.get("t"), StandardCharsets.UTF_8));
				((Map<?, ?>) tags.get("u")).forEach((key, value) -> received.add(event.get("u") + " " + key + "=" + value));
			}
		}
		return received;
	}

}
