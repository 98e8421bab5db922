package io.github.vwopush.internal.protocol;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Reads a configured URL that requests go to (VWO, a gateway, a proxy): http or https,
 * with a host, without a query, fragment or credentials. What it refuses it never
 * repeats when the text holds an {@code '@'}: what comes before it may be a password,
 * also in the forms {@code java.net.URI} cannot read as user info.
 */
public final class HttpUrl {

	private HttpUrl() {
	}

	/**
	 * The text as a URL.
	 * @param text the configured value
	 * @return the URL
	 * @throws InvalidUrlException saying what is wrong, without the credentials
	 */
	public static URI parse(String text) {
		URI url;
		try {
			url = new URI(text.strip());
		}
		catch (URISyntaxException ex) {
			throw new InvalidUrlException("is " + shown(text) + ", which is not a valid URL");
		}
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (hasUserInfo(url)) {
			throw new InvalidUrlException("has credentials in it (user info before '@')");
		}
		if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null || url.getRawQuery() != null
				|| url.getRawFragment() != null) {
			throw new InvalidUrlException(
					"is " + shown(url.toString()) + ", which is not an http(s) URL with a host and without a query");
		}
		return url;
	}

	private static String shown(String text) {
		return text.contains("@") ? "a URL with '@' in it (not shown)" : "'" + text + "'";
	}

	/**
	 * Whether the URL carries user info. {@link URI#getRawUserInfo()} alone misses it when
	 * the authority is not a valid server ({@code host_name}, a port out of range): java.net
	 * then keeps the whole authority, user info included, as one registry name.
	 */
	private static boolean hasUserInfo(URI url) {
		if (url.getRawUserInfo() != null) {
			return true;
		}
		String authority = url.getRawAuthority();
		if (authority != null) {
			return authority.contains("@");
		}
		String rest = url.getRawSchemeSpecificPart();
		return url.isOpaque() && rest != null && rest.contains("@");
	}

	/** A URL that requests may not go to; its message completes "vwo.base-url …" and never holds credentials. */
	public static final class InvalidUrlException extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;

		InvalidUrlException(String problem) {
			super(problem);
		}

	}

}
