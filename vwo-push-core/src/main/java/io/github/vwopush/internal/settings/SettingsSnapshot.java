package io.github.vwopush.internal.settings;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The state of the settings file as last fetched. Safe to expose: it holds no secret.
 *
 * @param credentials what VWO said of the credentials
 * @param collectionPrefix the data-residency prefix events are sent with, or {@code null}
 * @param prefixOverridden whether {@code vwo.collection-prefix} overrides VWO's value
 * @param eventArchEnabled whether VWO reported the account on the event architecture
 * @param lastSuccess when the settings file was last served, or {@code null}
 * @param lastError the last fetch error (status or exception class), or {@code null}
 * @param webConnectivityEnabled whether web visitors' ids are used as they are (FME): on until a
 * settings file says {@code false}, as in VWO's FME SDKs
 */
public record SettingsSnapshot(CredentialsStatus credentials, @Nullable String collectionPrefix,
		boolean prefixOverridden, boolean eventArchEnabled, @Nullable Instant lastSuccess, @Nullable String lastError,
		boolean webConnectivityEnabled) {

	/**
	 * A snapshot from a file that does not mention web connectivity (which is then on, as on FME).
	 * @param credentials what VWO said of the credentials
	 * @param collectionPrefix the data-residency prefix, or {@code null}
	 * @param prefixOverridden whether {@code vwo.collection-prefix} overrides VWO's value
	 * @param eventArchEnabled whether VWO reported the account on the event architecture
	 * @param lastSuccess when the settings file was last served, or {@code null}
	 * @param lastError the last fetch error, or {@code null}
	 */
	public SettingsSnapshot(CredentialsStatus credentials, @Nullable String collectionPrefix, boolean prefixOverridden,
			boolean eventArchEnabled, @Nullable Instant lastSuccess, @Nullable String lastError) {
		this(credentials, collectionPrefix, prefixOverridden, eventArchEnabled, lastSuccess, lastError, true);
	}

}
