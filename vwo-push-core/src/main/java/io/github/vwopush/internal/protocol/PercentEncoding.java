package io.github.vwopush.internal.protocol;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding: every byte of the UTF-8 form except the unreserved characters
 * ({@code A-Z a-z 0-9 - . _ ~}) becomes {@code %XX}. A space becomes {@code %20}, which both
 * form decoders and {@code decodeURIComponent} read back as a space, unlike {@code +}.
 */
public final class PercentEncoding {

	private static final char[] HEX = "0123456789ABCDEF".toCharArray();

	private PercentEncoding() {
	}

	/**
	 * Percent-encode a string.
	 * @param value the string
	 * @return the encoded form, plain ASCII
	 */
	public static String encode(String value) {
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		StringBuilder out = new StringBuilder(bytes.length + 16);
		for (byte b : bytes) {
			int c = b & 0xFF;
			if (isUnreserved(c)) {
				out.append((char) c);
			}
			else {
				out.append('%').append(HEX[c >> 4]).append(HEX[c & 0x0F]);
			}
		}
		return out.toString();
	}

	private static boolean isUnreserved(int c) {
		return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
				|| c == '_' || c == '~';
	}

}
