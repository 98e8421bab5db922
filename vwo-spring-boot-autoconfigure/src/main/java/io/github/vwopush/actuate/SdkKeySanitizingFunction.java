package io.github.vwopush.actuate;

import java.util.Locale;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the SDK key in the {@code env} and {@code configprops} endpoints even when their
 * values are shown ({@code show-values=always}): {@code vwo.sdk-key}, {@code sdkKey} and
 * {@code VWO_SDK_KEY} alike.
 */
public final class SdkKeySanitizingFunction implements SanitizingFunction {

	@Override
	public SanitizableData apply(SanitizableData data) {
		String normalized = data.getKey().toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace(".", "");
		return normalized.endsWith("sdkkey") ? data.withSanitizedValue() : data;
	}

}
