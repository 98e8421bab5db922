package io.github.vwopush.protocol;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fields of VWO's settings file that matter for push.
 *
 * @param collectionPrefix the data-residency prefix, or {@code null} when the account has
 * none (or sent one that is not a plain path segment)
 * @param eventArchEnabled whether the account is on VWO's event architecture
 */
public record SettingsFile(@Nullable String collectionPrefix, boolean eventArchEnabled) {

	private static final JsonMapper JSON = JsonMapper.builder().build();

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
	 * Read the settings file.
	 * @param body the response body
	 * @return the fields that matter for push
	 * @throws IllegalArgumentException when the body is not a JSON object
	 */
	public static SettingsFile parse(byte[] body) {
		JsonNode root;
		try {
			root = JSON.readTree(body);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("The settings file is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw new IllegalArgumentException("The settings file is not a JSON object");
		}
		JsonNode prefixNode = root.path("collectionPrefix");
		String prefix = prefixNode.isString() ? prefixNode.asString() : null;
		if (prefix != null && !isValidPrefix(prefix)) {
			prefix = null;
		}
		JsonNode eventArch = root.path("isEventArchEnabled");
		return new SettingsFile(prefix, eventArch.isBoolean() && eventArch.asBoolean());
	}

}
