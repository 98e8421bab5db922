package io.github.vwopush.internal.protocol;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request exactly as it goes on the wire, and the same request with the SDK key
 * {@linkplain #redacted() redacted}. The URI is already encoded and must be sent as is.
 *
 * @param method {@code GET} or {@code POST}
 * @param uri the absolute, encoded URI (its query carries the SDK key: never log it)
 * @param headers the request headers (the batch endpoint's carry the SDK key)
 * @param body the UTF-8 body, or {@code null} for a GET (the event architecture's carries
 * the SDK key)
 * @param redacted the same request with {@link #REDACTED} wherever the SDK key is
 */
public record WireRequest(String method, URI uri, Map<String, String> headers, byte @Nullable [] body,
		Redacted redacted) {

	/** What stands in for the SDK key in the {@linkplain #redacted() redacted} request. */
	public static final String REDACTED = "REDACTED";

	/**
	 * The body as text.
	 * @return the body decoded as UTF-8, or an empty string
	 */
	public String bodyText() {
		return (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
	}

	/**
	 * Give the redacted query parameters of a request target their real values back, the
	 * one step that must happen last, as the request is encoded onto the connection.
	 * Parameters added or changed on the way (by a WebClient filter) are kept; only a
	 * parameter that still reads exactly as redacted is replaced.
	 * @param requestTarget the path and query about to be sent, or an absolute URI
	 * @return the same target with the real values
	 */
	public String restoreSecrets(String requestTarget) {
		int queryStart = requestTarget.indexOf('?');
		if (queryStart < 0) {
			return requestTarget;
		}
		Map<String, String> restored = secretParameters();
		String[] pairs = requestTarget.substring(queryStart + 1).split("&", -1);
		StringBuilder target = new StringBuilder(requestTarget.length() + 64).append(requestTarget, 0, queryStart + 1);
		for (int i = 0; i < pairs.length; i++) {
			if (i > 0) {
				target.append('&');
			}
			target.append(restored.getOrDefault(pairs[i], pairs[i]));
		}
		return target.toString();
	}

	/**
	 * The headers whose real values the redacted request hides.
	 * @return name to real value
	 */
	public Map<String, String> secretHeaders() {
		Map<String, String> secret = new LinkedHashMap<>();
		this.headers.forEach((name, value) -> {
			if (!value.equals(this.redacted.headers().get(name))) {
				secret.put(name, value);
			}
		});
		return secret;
	}

	/**
	 * Blank out, in a text from outside (an error page, say), every secret this request
	 * carries, as sent and as decoded.
	 * @param text the text
	 * @return the text with {@link #REDACTED} in place of each secret
	 */
	public String redactSecrets(String text) {
		String redacted = text;
		for (String secret : secretValues()) {
			if (!secret.isEmpty()) {
				redacted = redacted.replace(secret, REDACTED);
			}
		}
		return redacted;
	}

	private Set<String> secretValues() {
		Set<String> values = new LinkedHashSet<>(secretHeaders().values());
		values.addAll(this.redacted.bodySecrets());
		for (String pair : secretParameters().values()) {
			String value = pair.substring(pair.indexOf('=') + 1);
			values.add(value);
			values.add(URLDecoder.decode(value, StandardCharsets.UTF_8));
		}
		return values;
	}

	/** Redacted {@code name=value} pair to the real one, for the pairs that differ. */
	private Map<String, String> secretParameters() {
		String[] real = Objects.requireNonNullElse(this.uri.getRawQuery(), "").split("&", -1);
		String[] shown = Objects.requireNonNullElse(this.redacted.uri().getRawQuery(), "").split("&", -1);
		Map<String, String> secret = new LinkedHashMap<>();
		for (int i = 0; i < Math.min(real.length, shown.length); i++) {
			if (!real[i].equals(shown[i])) {
				secret.put(shown[i], real[i]);
			}
		}
		return secret;
	}

	/**
	 * Method and path only: the query and the headers carry the SDK key.
	 */
	@Override
	public String toString() {
		return this.method + " " + this.uri.getRawPath();
	}

	/**
	 * A {@link WireRequest} with {@link WireRequest#REDACTED} wherever VWO's protocol puts
	 * the SDK key: what the WebClient, its filters and customizers, observations and logs
	 * are given. Safe to show.
	 *
	 * @param uri the URI, with redacted query parameters
	 * @param headers the headers, with redacted values
	 * @param body the body, with redacted values, or {@code null}
	 * @param bodySecrets values redacted in the body only (a visitor's user agent and
	 * address in a batch), to blank out of error pages too
	 */
	public record Redacted(URI uri, Map<String, String> headers, byte @Nullable [] body, Set<String> bodySecrets) {

		/**
		 * A redacted request whose body hides nothing the headers and query do not.
		 * @param uri the URI, with redacted query parameters
		 * @param headers the headers, with redacted values
		 * @param body the body, with redacted values, or {@code null}
		 */
		public Redacted(URI uri, Map<String, String> headers, byte @Nullable [] body) {
			this(uri, headers, body, Set.of());
		}

		@Override
		public String toString() {
			return this.uri.toString();
		}

	}

}
