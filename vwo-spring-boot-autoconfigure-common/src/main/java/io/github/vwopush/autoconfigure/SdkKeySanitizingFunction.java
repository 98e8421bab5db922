package io.github.vwopush.autoconfigure;

import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the SDK key in the {@code env} and {@code configprops} endpoints even when their
 * values are shown ({@code show-values=always}): by name ({@code vwo.sdk-key},
 * {@code sdkKey}, {@code VWO_SDK_KEY} alike), and by value wherever else the key is, such
 * as inside {@code SPRING_APPLICATION_JSON} or a command line.
 */
final class SdkKeySanitizingFunction implements SanitizingFunction {

	/** Shorter values are no SDK key (VWO's have 32 characters) and would mask unrelated values. */
	private static final int MIN_KEY_LENGTH = 8;

	private final @Nullable String sdkKey;

	/**
	 * Create a function that masks by name only.
	 */
	public SdkKeySanitizingFunction() {
		this(null);
	}

	/**
	 * Create a function that masks by name and every value that contains the key.
	 * @param sdkKey the configured SDK key, or {@code null}
	 */
	public SdkKeySanitizingFunction(@Nullable String sdkKey) {
		this.sdkKey = (sdkKey != null && sdkKey.strip().length() >= MIN_KEY_LENGTH) ? sdkKey.strip() : null;
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		String normalized = data.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
		if (normalized.endsWith("sdkkey") || containsKey(data.getValue())) {
			return data.withSanitizedValue();
		}
		return data;
	}

	private boolean containsKey(@Nullable Object value) {
		return this.sdkKey != null && value != null && String.valueOf(value).contains(this.sdkKey);
	}

}
