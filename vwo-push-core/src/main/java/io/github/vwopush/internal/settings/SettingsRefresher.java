package io.github.vwopush.internal.settings;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.http.ResponseTooLargeException;
import io.github.vwopush.internal.protocol.SettingsFile;
import io.github.vwopush.internal.protocol.SettingsFileReader;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;

/**
 * Fetches VWO's settings file for its data-residency prefix and as a check of the
 * credentials, without ever blocking the thread that asks for it: {@link #refreshIfDue()}
 * starts a fetch on the HTTP client's event loop and returns, the result is applied when it
 * arrives, and the {@linkplain #onFetchFinished(Runnable) wake-up} tells the sender so. A
 * slow or hanging settings endpoint therefore never delays delivery, journaling or
 * shutdown. Readers on any thread see the latest {@link #snapshot()}.
 * <p>
 * Scheduling uses {@link System#nanoTime()}, so a wall-clock jump neither skips nor
 * repeats a fetch.
 */
public final class SettingsRefresher implements AutoCloseable {

	private static final Logger logger = LoggerFactory.getLogger(SettingsRefresher.class);

	private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

	/**
	 * An upper bound on one whole fetch. The HTTP client's connect and response timeouts
	 * catch a dead endpoint much earlier; this only ends one that keeps trickling bytes.
	 */
	private static final Duration FETCH_TIMEOUT = Duration.ofMinutes(2);

	/**
	 * Large accounts' settings files run to tens of megabytes; only a few fields are kept
	 * while reading, so this bound only stops a runaway response.
	 */
	static final long MAX_SETTINGS_FILE_BYTES = 64L * 1024 * 1024;

	private final PushWireFormat wire;

	private final VwoHttpClient http;

	private final Duration refreshInterval;

	private final @Nullable String prefixOverride;

	private final Object monitor = new Object();

	private volatile SettingsSnapshot snapshot;

	private volatile boolean fetchedOnce;

	private volatile Runnable onFetchFinished = () -> {
	};

	// Guarded by monitor.
	private boolean fetching;

	private boolean closed;

	/** Whether another fetch is planned at all: not after a success when the interval is 0. */
	private boolean scheduled = true;

	private long nextFetchAtNanos = System.nanoTime();

	/** Numbers fetches, so that the result of one that {@link #close()} abandoned is ignored. */
	private long fetchNumber;

	private @Nullable Disposable inFlight;

	/**
	 * Create the refresher. The first fetch is due at once.
	 * @param wire the wire format
	 * @param http the HTTP client
	 * @param refreshInterval how often to fetch again after a success ({@code 0}: once)
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
	 * Whether VWO's settings say web visitors' ids are used as visitor ids as they are.
	 * @return {@code false} until a file says otherwise
	 */
	public boolean webConnectivityEnabled() {
		return this.snapshot.webConnectivityEnabled();
	}

	/**
	 * Whether the first fetch has finished (successfully or not).
	 * @return {@code true} after the first attempt
	 */
	public boolean hasFetchedOnce() {
		return this.fetchedOnce;
	}

	/**
	 * Whether a fetch is in flight.
	 * @return {@code true} from {@link #refreshIfDue()} starting one until its result is
	 * applied or {@link #close()} cancels it
	 */
	public boolean isFetching() {
		synchronized (this.monitor) {
			return this.fetching;
		}
	}

	/**
	 * Register what to run each time a fetch finishes (successfully or not), after its
	 * result is visible in {@link #snapshot()}: typically unparking the sender thread. It runs
	 * on the HTTP client's event loop and must not block.
	 * @param wakeUp the callback, replacing any earlier one
	 */
	public void onFetchFinished(Runnable wakeUp) {
		this.onFetchFinished = Objects.requireNonNull(wakeUp, "wakeUp");
	}

	/**
	 * How long until the next fetch is due, on the {@link System#nanoTime()} clock, for a
	 * caller that parks in between.
	 * @return {@code 0} when a fetch is due now; {@link Long#MAX_VALUE} while one is in
	 * flight (the {@linkplain #onFetchFinished(Runnable) wake-up} follows its end), when none
	 * is planned any more, or after {@link #close()}
	 */
	public long nanosUntilNextFetch() {
		synchronized (this.monitor) {
			if (this.fetching || this.closed || !this.scheduled) {
				return Long.MAX_VALUE;
			}
			return Math.max(0, this.nextFetchAtNanos - System.nanoTime());
		}
	}

	/**
	 * Start fetching the settings file if a fetch is due and none is in flight; never
	 * blocks. The result is applied on the HTTP client's event loop.
	 */
	public void refreshIfDue() {
		long number;
		synchronized (this.monitor) {
			if (this.closed || this.fetching || !this.scheduled || this.nextFetchAtNanos - System.nanoTime() > 0) {
				return;
			}
			this.fetching = true;
			number = ++this.fetchNumber;
		}
		SettingsFileReader reader = new SettingsFileReader();
		Disposable fetch = this.http
			.exchangeStreaming(this.wire.settings(ThreadLocalRandom.current().nextDouble()), FETCH_TIMEOUT,
					MAX_SETTINGS_FILE_BYTES, reader::feed)
			.subscribe((result) -> finished(number, result, reader), (error) -> finishedWithError(number, error));
		boolean cancel;
		synchronized (this.monitor) {
			if (this.fetchNumber == number && this.fetching) {
				this.inFlight = fetch;
			}
			// close() ran while subscribing: it could not see this fetch, so end it here.
			cancel = this.closed;
		}
		if (cancel) {
			fetch.dispose();
		}
	}

	/**
	 * Cancel an in-flight fetch and start no other; called at shutdown before the HTTP
	 * client closes. A result that arrives later is ignored.
	 */
	@Override
	public void close() {
		Disposable fetch;
		synchronized (this.monitor) {
			this.closed = true;
			this.fetching = false;
			fetch = this.inFlight;
			this.inFlight = null;
		}
		if (fetch != null) {
			fetch.dispose();
		}
	}

	private void finished(long number, HttpResult result, SettingsFileReader reader) {
		synchronized (this.monitor) {
			if (number != this.fetchNumber || !this.fetching) {
				return;
			}
			if (result.isSuccess()) {
				try {
					apply(reader.finish(), this.snapshot);
				}
				catch (IllegalArgumentException ex) {
					unusable(ex.getMessage(), this.snapshot);
				}
			}
			else {
				failed(result, this.snapshot);
			}
			endFetch();
		}
		this.onFetchFinished.run();
	}

	private void finishedWithError(long number, Throwable error) {
		synchronized (this.monitor) {
			if (number != this.fetchNumber || !this.fetching) {
				return;
			}
			SettingsSnapshot previous = this.snapshot;
			if (error instanceof IllegalArgumentException) {
				unusable(error.getMessage(), previous);
			}
			else if (error instanceof ResponseTooLargeException) {
				unusable("The settings file is larger than "
						+ ResponseTooLargeException.describe(MAX_SETTINGS_FILE_BYTES), previous);
			}
			else {
				failed(previous.credentials(), "unexpected error (" + error.getClass().getSimpleName() + ")", 0,
						previous);
			}
			endFetch();
		}
		this.onFetchFinished.run();
	}

	// Called with monitor held.
	private void endFetch() {
		this.fetching = false;
		this.fetchedOnce = true;
		this.inFlight = null;
	}

	// Called with monitor held.
	private void failed(HttpResult result, SettingsSnapshot previous) {
		CredentialsStatus credentials = (result.status() == 401 || result.status() == 403) ? CredentialsStatus.REJECTED
				: previous.credentials();
		failed(credentials, result.describe(), result.status(), previous);
	}

	/** The fetch failed: keep what was known, retry later, say why. Called with monitor held. */
	private void failed(CredentialsStatus credentials, String description, int status, SettingsSnapshot previous) {
		this.snapshot = new SettingsSnapshot(credentials, previous.collectionPrefix(), previous.prefixOverridden(),
				previous.eventArchEnabled(), previous.lastSuccess(), description, previous.webConnectivityEnabled());
		retryAfterFailure();
		if (credentials == CredentialsStatus.REJECTED) {
			logger.error("VWO rejected the account id and SDK key (HTTP {}); check vwo.account-id and vwo.sdk-key",
					status);
		}
		else {
			logger.warn("Could not fetch VWO's settings file ({}); events use collection prefix {}", description,
					describePrefix(previous.collectionPrefix()));
		}
	}

	// Called with monitor held.
	private void retryAfterFailure() {
		// Zero means "once, until it succeeds": a failure is retried after a minute, never in a tight loop.
		Duration retry = (this.refreshInterval.isZero() || this.refreshInterval.compareTo(RETRY_AFTER_FAILURE) > 0)
				? RETRY_AFTER_FAILURE : this.refreshInterval;
		this.nextFetchAtNanos = System.nanoTime() + retry.toNanos();
	}

	/** VWO served the file (so the credentials are good) but it cannot be used. Called with monitor held. */
	private void unusable(String problem, SettingsSnapshot previous) {
		this.snapshot = new SettingsSnapshot(CredentialsStatus.ACCEPTED, previous.collectionPrefix(),
				previous.prefixOverridden(), previous.eventArchEnabled(), Instant.now(), problem,
				previous.webConnectivityEnabled());
		this.nextFetchAtNanos = System.nanoTime() + RETRY_AFTER_FAILURE.toNanos();
		logger.warn("{}; keeping collection prefix {}", problem, describePrefix(previous.collectionPrefix()));
	}

	// Called with monitor held.
	private void apply(SettingsFile file, SettingsSnapshot previous) {
		String prefix = (this.prefixOverride != null) ? this.prefixOverride : file.collectionPrefix();
		if (previous.credentials() != CredentialsStatus.ACCEPTED || !Objects.equals(prefix, previous.collectionPrefix())) {
			logger.info("Fetched VWO's settings file; events use collection prefix {}", describePrefix(prefix));
		}
		this.snapshot = new SettingsSnapshot(CredentialsStatus.ACCEPTED, prefix, this.prefixOverride != null,
				file.eventArchEnabled(), Instant.now(), null, file.webConnectivityEnabled());
		if (this.refreshInterval.isZero()) {
			this.scheduled = false;
		}
		else {
			this.nextFetchAtNanos = System.nanoTime() + this.refreshInterval.toNanos();
		}
	}

	private static String describePrefix(@Nullable String prefix) {
		return (prefix != null) ? "'" + prefix + "'" : "(none)";
	}

}
