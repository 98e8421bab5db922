package io.github.vwopush.internal.protocol;

import java.nio.ByteBuffer;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The fields of VWO's settings file that matter for push.
 *
 * @param collectionPrefix the data-residency prefix, or {@code null} when the account has
 * none (or sent one that is not a plain path segment)
 * @param eventArchEnabled whether the account is on VWO's event architecture
 * @param webConnectivityEnabled whether web visitors' ids ({@code D} or {@code J} and 32 hex
 * digits) are used as visitor ids as they are (FME; on unless the file says {@code false})
 */
public record SettingsFile(@Nullable String collectionPrefix, boolean eventArchEnabled,
		boolean webConnectivityEnabled) {

	/**
	 * The fields of a file that does not mention web connectivity (which is then on).
	 * @param collectionPrefix the data-residency prefix, or {@code null}
	 * @param eventArchEnabled whether the account is on VWO's event architecture
	 */
	public SettingsFile(@Nullable String collectionPrefix, boolean eventArchEnabled) {
		this(collectionPrefix, eventArchEnabled, true);
	}

	private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	/**
	 * Whether a string is usable as a collection prefix: one plain path segment.
	 * @param prefix the candidate
	 * @return {@code true} when it is letters, digits, {@code -} and {@code _} only
	 */
	public static boolean isValidPrefix(String prefix) {
		return PREFIX.matcher(prefix).matches();
	}

	/**
	 * Read a settings file held in memory; {@link SettingsFileReader} reads one as it
	 * arrives.
	 * @param body the response body
	 * @return the fields that matter for push
	 * @throws IllegalArgumentException when the body is not a JSON object
	 */
	public static SettingsFile parse(byte[] body) {
		SettingsFileReader reader = new SettingsFileReader();
		reader.feed(ByteBuffer.wrap(body));
		return reader.finish();
	}

}
