package io.github.vwopush.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Seeded random URLs with credentials in them, in the forms {@code java.net.URI} reads as
 * user info and in those it cannot (an authority that is no valid server: an underscore in
 * the host, a port out of range, an opaque URL, characters a URI may not hold), for each
 * URL property: startup must fail, and neither the failure report nor any exception in the
 * chain may repeat the credential. A failure prints its seed; {@code -Dvwo.urls.seed=N}
 * replays it, {@code -Dvwo.urls.cases=N} runs more.
 */
class UrlCredentialFuzzTests {

	private static final String SDK_KEY = "0ddba11c0ffee0ddba11c0ffee000000";

	private static final List<String> PROPERTIES = List.of("vwo.base-url", "vwo.settings-url", "vwo.gateway-url");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(VwoAutoConfiguration.class));

	@Test
	void aUrlWithCredentialsNeverReachesTheFailureReport() {
		long first = Long.getLong("vwo.urls.seed", 7000);
		int cases = Long.getLong("vwo.urls.seed") != null ? 1 : Integer.getInteger("vwo.urls.cases", 60);
		List<String> failures = new ArrayList<>();
		for (long seed = first; seed < first + cases; seed++) {
			SplittableRandom random = new SplittableRandom(seed);
			String secret = "s3cr3t" + Long.toHexString(random.nextLong() & 0xffffffL);
			String property = PROPERTIES.get(random.nextInt(PROPERTIES.size()));
			String url = url(random, secret);
			String problem = startupProblem(property, url, secret);
			if (problem != null) {
				failures.add("seed=" + seed + " " + property + "=" + url + ": " + problem);
			}
		}
		assertThat(failures).as("replay one with -Dvwo.urls.seed=N").isEmpty();
	}

	/** What is wrong with starting with this URL, or {@code null}. */
	private String startupProblem(String property, String url, String secret) {
		String[] problem = { null };
		this.runner
			.withPropertyValues("vwo.account-id=123456", "vwo.sdk-key=" + SDK_KEY, "vwo.platform=fme",
					property + "=" + url)
			.run((context) -> {
				Throwable failure = context.getStartupFailure();
				if (failure == null) {
					problem[0] = "started";
					return;
				}
				for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
					if (String.valueOf(cause.getMessage()).contains(secret)) {
						problem[0] = cause.getClass().getSimpleName() + " repeats it: " + cause.getMessage();
						return;
					}
				}
				for (FailureAnalyzer analyzer : List.of(new InvalidVwoPropertyFailureAnalyzer())) {
					FailureAnalysis analysis = analyzer.analyze(failure);
					if (analysis != null && (analysis.getDescription().contains(secret)
							|| String.valueOf(analysis.getAction()).contains(secret))) {
						problem[0] = "the failure report repeats it: " + analysis.getDescription();
					}
				}
			});
		return problem[0];
	}

	private static String url(SplittableRandom random, String secret) {
		String scheme = pick(random, "https", "http", "HTTPS", "ftp", "");
		String userInfo = pick(random, "user:" + secret, secret, ":" + secret, "user:" + secret + "%21",
				"user%3Aname:" + secret);
		String host = pick(random, "vwo.example", "host_name.internal", "edge_host", "10.0.0.7", "[::1]",
				"vwo.example.", "UPPER.example");
		String port = pick(random, "", ":443", ":99999", ":70000", ":0", ":-1");
		String path = pick(random, "", "/", "/server-side", "/a/b/");
		String tail = pick(random, "", "", "?x=1", "#frag");
		String form = pick(random, "authority", "authority", "authority", "opaque", "noslashes");
		String authority = userInfo + "@" + host + port;
		String prefix = scheme.isEmpty() ? "" : scheme + ":";
		return switch (form) {
			case "opaque" -> prefix + authority + path + tail;
			case "noslashes" -> prefix + "/" + authority + path + tail;
			default -> prefix + "//" + authority + path + tail;
		};
	}

	@SafeVarargs
	private static <T> T pick(SplittableRandom random, T... choices) {
		return choices[random.nextInt(choices.length)];
	}

}
