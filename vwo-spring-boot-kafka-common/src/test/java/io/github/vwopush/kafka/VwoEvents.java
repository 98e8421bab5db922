package io.github.vwopush.kafka;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** The push events WireMock, standing in for VWO, received: the tests' view of what VWO got. */
final class VwoEvents {

	static final String BATCH_EVENTS = "/server-side/batch-events";

	private static final Pattern EVENT = Pattern.compile("\"t\":\"([^\"]+)\",\"u\":\"([^\"]+)\"");

	private static final Pattern TAGS = Pattern.compile("\\{\"u\":\\{\"(.*)\":\"(.*)\"\\}\\}");

	private VwoEvents() {
	}

	/**
	 * Every event received, in the order of the requests and within them.
	 * @return each as {visitor UUID, dimension key, value}
	 */
	static List<String[]> at(WireMockServer vwo) {
		List<String[]> events = new ArrayList<>();
		for (LoggedRequest request : vwo.findAll(postRequestedFor(urlPathEqualTo(BATCH_EVENTS)))) {
			Matcher event = EVENT.matcher(request.getBodyAsString());
			while (event.find()) {
				Matcher tags = TAGS.matcher(URLDecoder.decode(event.group(1), StandardCharsets.UTF_8));
				assertThat(tags.matches()).isTrue();
				events.add(new String[] { event.group(2), tags.group(1), tags.group(2) });
			}
		}
		return events;
	}

}
