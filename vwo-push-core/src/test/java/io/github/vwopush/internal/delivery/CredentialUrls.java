package io.github.vwopush.internal.delivery;

import java.util.SplittableRandom;

/**
 * Random URLs with a credential in them, in the forms {@code java.net.URI} reads as user
 * info and in those it cannot (an authority that is no valid server: an underscore in the
 * host, a port out of range; an opaque URL; characters a URI may not hold).
 */
final class CredentialUrls {

	private CredentialUrls() {
	}

	static String url(SplittableRandom random, String secret) {
		String scheme = pick(random, "https", "http", "HTTPS", "ftp", "");
		String userInfo = pick(random, "user:" + secret, secret, ":" + secret, "user:" + secret + "%21",
				"user%3Aname:" + secret, "us er:" + secret);
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
