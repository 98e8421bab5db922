package io.github.vwopush.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

import io.github.vwopush.http.HttpResult;
import io.github.vwopush.http.VwoHttpClient;
import io.github.vwopush.protocol.PushWireFormat;
import io.github.vwopush.protocol.SettingsFile;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches VWO's settings file for its data-residency prefix and as a check of the
 * credentials. Called only from the background sender thread, between requests, so a slow
 * or failing settings endpoint never blocks startup or a caller; readers on other threads
 * see the latest {@link #snapshot()}.
 */
public final class SettingsRefresher {

	private static final Logger logger = LoggerFactory.getLogger(SettingsRefresher.class);

	private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

	private final PushWireFormat wire;

	private final VwoHttpClient http;

	private final Duration refreshInterval;

	private final @Nullable String prefixOverride;

	private volatile SettingsSnapshot snapshot;

	private long nextFetchAtMillis;

	private boolean fetchedOnce;

	/**
	 * Create the refresher.
	 * @param wire the wire format
	 * @param http the HTTP client
	 * @param refreshInterval how often to fetch again after a success
	 * @param prefixOverride {@code vwo.collection-prefix}, which wins over VWO's value
	 */
	public SettingsRefresher(PushWireFormat wire, VwoHttpClient http, Duration refreshInterval,
			@Nullable String prefixOverride) {
		this.wire = wire;
		this.http = http;
		this.refreshInterval = refreshInterval;
		this.prefixOverride = prefixOverride;
		this.snapshot = new SettingsSnapshot(CredentialsStatus.UNKNOWN, prefixOverride, prefixOverride != null, false,
				null, null);
	}

	/**
	 * The latest state.
	 * @return the snapshot
	 */
	public SettingsSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * The prefix event requests are sent with now.
	 * @return the prefix, or {@code null}
	 */
	public @Nullable String collectionPrefix() {
		return this.snapshot.collectionPrefix();
	}

	/**
	 * Whether the first fetch has finished (successfully or not).
	 * @return {@code true} after the first attempt
	 */
	public boolean hasFetchedOnce() {
		return this.fetchedOnce;
	}

	/**
	 * When the next fetch is due.
	 * @return epoch milliseconds
	 */
	public long nextFetchAtMillis() {
		return this.nextFetchAtMillis;
	}

	/**
	 * Fetch the settings file if it is due. Blocks for at most the HTTP timeouts.
	 * @param nowMillis the current time
	 * @param maxWait an upper bound on the wait
	 */
	public void refreshIfDue(long nowMillis, Duration maxWait) {
		if (nowMillis < this.nextFetchAtMillis) {
			return;
		}
		HttpResult result = this.http.exchange(this.wire.settings(ThreadLocalRandom.current().nextDouble()), maxWait);
		this.fetchedOnce = true;
		SettingsSnapshot previous = this.snapshot;
		if (result.isSuccess()) {
			apply(result, previous);
		}
		else {
			CredentialsStatus credentials = (result.status() == 401 || result.status() == 403)
					? CredentialsStatus.REJECTED : previous.credentials();
			this.snapshot = new SettingsSnapshot(credentials, previous.collectionPrefix(), previous.prefixOverridden(),
					previous.eventArchEnabled(), previous.lastSuccess(), result.describe());
			// Zero means "once, until it succeeds": a failure is retried after a minute, never in a tight loop.
			long retryMillis = this.refreshInterval.isZero() ? RETRY_AFTER_FAILURE.toMillis()
					: Math.min(RETRY_AFTER_FAILURE.toMillis(), this.refreshInterval.toMillis());
			this.nextFetchAtMillis = System.currentTimeMillis() + retryMillis;
			if (credentials == CredentialsStatus.REJECTED) {
				logger.error("VWO rejected the account id and SDK key (HTTP {}); check vwo.account-id and vwo.sdk-key",
						result.status());
			}
			else {
				logger.warn("Could not fetch VWO's settings file ({}); events use collection prefix {}",
						result.describe(), describePrefix(previous.collectionPrefix()));
			}
		}
	}

	private void apply(HttpResult result, SettingsSnapshot previous) {
		SettingsFile file;
		try {
			file = SettingsFile.parse(result.body());
		}
		catch (IllegalArgumentException ex) {
			this.snapshot = new SettingsSnapshot(CredentialsStatus.ACCEPTED, previous.collectionPrefix(),
					previous.prefixOverridden(), previous.eventArchEnabled(), Instant.now(), ex.getMessage());
			this.nextFetchAtMillis = System.currentTimeMillis() + RETRY_AFTER_FAILURE.toMillis();
			logger.warn("{}; keeping collection prefix {}", ex.getMessage(), describePrefix(previous.collectionPrefix()));
			return;
		}
		String prefix = (this.prefixOverride != null) ? this.prefixOverride : file.collectionPrefix();
		if (previous.credentials() != CredentialsStatus.ACCEPTED
				|| !java.util.Objects.equals(prefix, previous.collectionPrefix())) {
			logger.info("Fetched VWO's settings file; events use collection prefix {}", describePrefix(prefix));
		}
		this.snapshot = new SettingsSnapshot(CredentialsStatus.ACCEPTED, prefix, this.prefixOverride != null,
				file.eventArchEnabled(), Instant.now(), null);
		this.nextFetchAtMillis = this.refreshInterval.isZero() ? Long.MAX_VALUE
				: System.currentTimeMillis() + this.refreshInterval.toMillis();
	}

	private static String describePrefix(@Nullable String prefix) {
		return (prefix != null) ? "'" + prefix + "'" : "(none)";
	}

}
