package io.github.vwopush.protocol;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP request exactly as it goes on the wire. The URI is already encoded and must be
 * sent as is.
 *
 * @param method {@code GET} or {@code POST}
 * @param uri the absolute, encoded URI (its query carries the SDK key: never log it)
 * @param headers the request headers (the batch endpoint's carry the SDK key)
 * @param body the UTF-8 body, or {@code null} for a GET
 */
public record WireRequest(String method, URI uri, Map<String, String> headers, byte @Nullable [] body) {

	/**
	 * The body as text.
	 * @return the body decoded as UTF-8, or an empty string
	 */
	public String bodyText() {
		return (this.body != null) ? new String(this.body, StandardCharsets.UTF_8) : "";
	}

	/**
	 * Method and path only: the query and the headers carry the SDK key.
	 */
	@Override
	public String toString() {
		return this.method + " " + this.uri.getRawPath();
	}

}
