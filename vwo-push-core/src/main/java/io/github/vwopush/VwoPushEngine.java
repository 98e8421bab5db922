package io.github.vwopush;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import io.github.vwopush.internal.delivery.DefaultVwoPushService;
import io.github.vwopush.internal.delivery.DeliveryConfig;
import io.github.vwopush.internal.delivery.DeliveryListener;
import io.github.vwopush.internal.delivery.PublicListener;
import io.github.vwopush.internal.delivery.RetryPolicy;
import io.github.vwopush.internal.delivery.ValidatingPushService;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.HttpUrl;
import io.github.vwopush.internal.protocol.Platform;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import io.github.vwopush.internal.protocol.SettingsFile;
import io.github.vwopush.internal.protocol.Transport;
import io.github.vwopush.internal.protocol.ValueType;
import io.github.vwopush.internal.settings.SettingsRefresher;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The push engine: the one front door to the delivery code, for plain Java and for the
 * Spring Boot starter alike. Made by {@link #builder(long, String)}; it is a
 * {@link VwoPushService} whose push methods only validate, count and enqueue on the
 * caller's thread, while a sender thread started by {@link #start()} delivers.
 * <pre class="code">
 * VwoPushEngine engine = VwoPushEngine.builder(accountId, sdkKey).build();
 * engine.start();
 * engine.push("plan", "gold", "user-42");
 * engine.stop(Duration.ofSeconds(10));
 * </pre>
 * Everything under {@code io.github.vwopush.internal} is the engine's implementation and
 * may change in any release.
 */
public interface VwoPushEngine extends VwoPushService, AutoCloseable {

	/**
	 * Start a builder.
	 * @param accountId the VWO account id, positive
	 * @param sdkKey the SDK key of the VWO environment (may be empty in development mode);
	 * never shown in a message or {@code toString()}
	 * @return the builder, with every setting at its default
	 */
	static Builder builder(long accountId, @Nullable String sdkKey) {
		return new Builder(accountId, sdkKey);
	}

	/**
	 * A service that validates, counts and logs every push exactly as an engine does, then
	 * hands each dimension and its outcome to the sink instead of delivering it: the seam
	 * for test doubles. Nothing is queued or sent and no thread is started; a valid
	 * dimension ends as {@link PushReason#DELIVERED}.
	 * @param sink receives every dimension and its outcome, on the caller's thread
	 * @return the service
	 */
	static VwoPushService validating(DimensionSink sink) {
		// The account and key are never used: development mode sends nothing.
		Builder builder = new Builder(1, "").devMode(true);
		return new ValidatingPushService((DefaultVwoPushService) builder.build(),
				(userId, key, value, result) -> sink.dimension(userId, key, value, text(value), result));
	}

	/** What the batch and legacy transports would send; {@code toString()} for a type push rejects. */
	private static @Nullable String text(@Nullable Object value) {
		if (value == null) {
			return null;
		}
		return (ValueType.of(value) != null) ? ValueType.stringForm(value) : value.toString();
	}

	/**
	 * Start the sender thread (once; a stopped engine does not start again). Pushes made
	 * before are queued and sent once it runs.
	 */
	void start();

	/**
	 * Whether the engine has started and not stopped.
	 * @return {@code true} while it runs
	 */
	boolean isRunning();

	/**
	 * Stop within the configured shutdown timeout: see {@link #stop(Duration)}.
	 */
	void stop();

	/**
	 * Stop accepting pushes, deliver what is queued until the deadline, then settle the
	 * rest (spooled with the disk spool, else dropped and counted) and release the HTTP
	 * client. Idempotent.
	 * @param deadline how long delivery may continue
	 * @return whether the sender finished within the deadline
	 */
	boolean stop(Duration deadline);

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	void close();

	/**
	 * Push dimensions that were accepted earlier, elsewhere, keeping the time they were
	 * accepted as VWO's event time: for relays that deliver what another instance accepted
	 * (the Kafka relay of {@code vwo-spring-boot-kafka}). Validated, counted and delivered as
	 * {@link #pushAsync(Map, VwoVisitor)}; an application's own pushes use that.
	 * @param customDimensionMap the dimensions
	 * @param visitor the user id and the visitor's context
	 * @param acceptedAt when the push was first accepted; a time later than this engine's
	 * clock counts as now, so that no event is dated in the future
	 * @return the outcome, as {@link #pushAsync(Map, VwoVisitor)}
	 */
	CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, VwoVisitor visitor, Instant acceptedAt);

	/**
	 * The live, read-only view of the engine's counts and state.
	 * @return the state
	 */
	VwoPushState state();

	/**
	 * The engine's settled configuration.
	 * @return the configuration
	 */
	Configuration configuration();

	/**
	 * The settings an engine runs with, after defaults and validation; no secret.
	 *
	 * @param platform the VWO platform
	 * @param transport the endpoint that carries push events
	 * @param devMode whether pushes are validated and counted but never sent
	 * @param maxEvents dimensions per batch request
	 * @param linger how long the oldest queued dimension may wait for a batch to fill
	 * @param maxInFlight requests in flight at most
	 * @param queueCapacity dimensions held in memory at most
	 * @param queueMaxBytes approximate heap the queued dimensions may hold at most
	 * @param shutdownTimeout how long {@link #stop()} may spend delivering
	 * @param spoolDirectory the disk spool's directory, or {@code null} without a spool
	 * @param spoolMaxBytes most bytes the spool may use, 0 without a spool
	 * @param spoolSyncInterval longest time between a push and its {@code fsync}, or
	 * {@code null} without a spool
	 */
	record Configuration(VwoPlatform platform, VwoTransport transport, boolean devMode, int maxEvents,
			Duration linger, int maxInFlight, int queueCapacity, long queueMaxBytes, Duration shutdownTimeout,
			@Nullable Path spoolDirectory, long spoolMaxBytes, @Nullable Duration spoolSyncInterval) {
	}

	/**
	 * Receives each dimension handed to a {@link VwoPushEngine#validating(DimensionSink) validating}
	 * service, with its outcome.
	 */
	@FunctionalInterface
	interface DimensionSink {

		/**
		 * One dimension and its outcome.
		 * @param userId the user id as given; {@code null} for a {@code @VwoDimension} whose
		 * expression failed
		 * @param key the custom dimension key as given
		 * @param value the value as given, with its type; {@code null} when it was null, or
		 * for a {@code @VwoDimension} whose expression failed
		 * @param text the value as the batch and legacy transports send it
		 * ({@code toString()} for a type the engine rejects), or {@code null} with no value
		 * @param result {@link PushReason#DELIVERED} when valid, else the rejection's reason
		 * and message
		 */
		void dimension(@Nullable String userId, @Nullable String key, @Nullable Object value, @Nullable String text,
				DimensionResult result);

	}

	/**
	 * Builds a {@link VwoPushEngine}. Every setting has a default (the {@code DEFAULT_*}
	 * constants, which the starter's {@code vwo.*} properties share); {@link #build()}
	 * checks them all and reports every problem at once, each named by its Spring Boot
	 * property so that plain Java and the starter say the same thing.
	 */
	final class Builder {

		/** VWO's base URL. */
		public static final String DEFAULT_BASE_URL = "https://dev.visualwebsiteoptimizer.com";

		/** The platform: FullStack. */
		public static final VwoPlatform DEFAULT_PLATFORM = VwoPlatform.FULLSTACK;

		/** Dimensions per batch request. */
		public static final int DEFAULT_MAX_EVENTS = 1000;

		/** Most dimensions per batch request VWO accepts. */
		public static final int MAX_EVENTS_LIMIT = 5000;

		/** How long the oldest queued dimension waits for a batch to fill. */
		public static final Duration DEFAULT_LINGER = Duration.ofSeconds(1);

		/** Dimensions held in memory at most. */
		public static final int DEFAULT_QUEUE_CAPACITY = 100_000;

		/** Heap the queued dimensions may hold at most: 64 MB. */
		public static final long DEFAULT_QUEUE_MAX_BYTES = 64L * 1024 * 1024;

		/** Connect timeout of requests to VWO. */
		public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

		/** Response timeout of requests to VWO. */
		public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(10);

		/** Requests in flight at most. */
		public static final int DEFAULT_MAX_IN_FLIGHT = 16;

		/** The largest in-flight window allowed. */
		public static final int MAX_IN_FLIGHT_LIMIT = 64;

		/** How long a dimension is retried at most. */
		public static final Duration DEFAULT_RETRY_MAX_ELAPSED = Duration.ofMinutes(15);

		/** The first retry's backoff. */
		public static final Duration DEFAULT_RETRY_INITIAL_BACKOFF = Duration.ofMillis(500);

		/** The longest backoff. */
		public static final Duration DEFAULT_RETRY_MAX_BACKOFF = Duration.ofSeconds(30);

		/** The longest {@code Retry-After} obeyed. */
		public static final Duration DEFAULT_RETRY_MAX_RETRY_AFTER = Duration.ofMinutes(5);

		/** How often the settings file is fetched again. */
		public static final Duration DEFAULT_SETTINGS_REFRESH_INTERVAL = Duration.ofMinutes(10);

		/** How long stopping may spend delivering. */
		public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(10);

		/** How often one failure reason may be logged. */
		public static final Duration DEFAULT_LOG_INTERVAL = Duration.ofMinutes(1);

		/** Disk space the spool may use: 512 MB. */
		public static final long DEFAULT_SPOOL_MAX_BYTES = 512L * 1024 * 1024;

		/** Longest time between a push and its {@code fsync} with the spool. */
		public static final Duration DEFAULT_SPOOL_SYNC_INTERVAL = Duration.ofMillis(100);

		private static final long KB = 1024;

		private static final long MB = 1024 * 1024;

		private final long accountId;

		private final @Nullable String sdkKey;

		private String baseUrl = DEFAULT_BASE_URL;

		private @Nullable String settingsUrl;

		private @Nullable String gatewayUrl;

		private @Nullable String collectionPrefix;

		private VwoPlatform platform = DEFAULT_PLATFORM;

		private @Nullable VwoTransport transport;

		private boolean devMode;

		private int maxEvents = DEFAULT_MAX_EVENTS;

		private @Nullable Duration linger = DEFAULT_LINGER;

		private int queueCapacity = DEFAULT_QUEUE_CAPACITY;

		private long queueMaxBytes = DEFAULT_QUEUE_MAX_BYTES;

		private @Nullable Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;

		private @Nullable Duration responseTimeout = DEFAULT_RESPONSE_TIMEOUT;

		private int maxInFlight = DEFAULT_MAX_IN_FLIGHT;

		private Supplier<WebClient.Builder> webClient = WebClient::builder;

		private @Nullable Duration retryMaxElapsed = DEFAULT_RETRY_MAX_ELAPSED;

		private @Nullable Integer retryMaxAttempts;

		private @Nullable Duration initialBackoff = DEFAULT_RETRY_INITIAL_BACKOFF;

		private @Nullable Duration maxBackoff = DEFAULT_RETRY_MAX_BACKOFF;

		private @Nullable Duration maxRetryAfter = DEFAULT_RETRY_MAX_RETRY_AFTER;

		private @Nullable Duration settingsRefreshInterval = DEFAULT_SETTINGS_REFRESH_INTERVAL;

		private @Nullable Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;

		private @Nullable Duration logInterval = DEFAULT_LOG_INTERVAL;

		private boolean spool;

		private @Nullable Path spoolDirectory;

		private long spoolMaxBytes = DEFAULT_SPOOL_MAX_BYTES;

		private @Nullable Duration spoolSyncInterval = DEFAULT_SPOOL_SYNC_INTERVAL;

		private final List<VwoDeliveryListener> listeners = new ArrayList<>();

		private @Nullable VwoOutlet outlet;

		Builder(long accountId, @Nullable String sdkKey) {
			this.accountId = accountId;
			this.sdkKey = sdkKey;
		}

		/**
		 * Where requests go ({@code vwo.base-url}).
		 * @param baseUrl an http(s) URL without credentials or query
		 * @return this builder
		 */
		public Builder baseUrl(String baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		/**
		 * Where the settings file comes from, when not from the base URL
		 * ({@code vwo.settings-url}).
		 * @param settingsUrl an http(s) URL, or {@code null} for the base URL
		 * @return this builder
		 */
		public Builder settingsUrl(@Nullable String settingsUrl) {
			this.settingsUrl = settingsUrl;
			return this;
		}

		/**
		 * A VWO gateway every request goes to instead, FME only ({@code vwo.gateway-url}).
		 * @param gatewayUrl the gateway's base URL, or {@code null}
		 * @return this builder
		 */
		public Builder gatewayUrl(@Nullable String gatewayUrl) {
			this.gatewayUrl = gatewayUrl;
			return this;
		}

		/**
		 * The data-residency prefix, overriding the settings file's
		 * ({@code vwo.collection-prefix}).
		 * @param collectionPrefix one path segment, or {@code null} (or empty) for VWO's
		 * @return this builder
		 */
		public Builder collectionPrefix(@Nullable String collectionPrefix) {
			this.collectionPrefix = collectionPrefix;
			return this;
		}

		/**
		 * The account's platform ({@code vwo.platform}).
		 * @param platform the platform
		 * @return this builder
		 */
		public Builder platform(VwoPlatform platform) {
			this.platform = platform;
			return this;
		}

		/**
		 * The transport ({@code vwo.transport}).
		 * @param transport the transport, or {@code null} for the platform's default
		 * @return this builder
		 */
		public Builder transport(@Nullable VwoTransport transport) {
			this.transport = transport;
			return this;
		}

		/**
		 * Validate and count pushes, send nothing: no HTTP client, no thread
		 * ({@code vwo.dev-mode}).
		 * @param devMode whether to send nothing
		 * @return this builder
		 */
		public Builder devMode(boolean devMode) {
			this.devMode = devMode;
			return this;
		}

		/**
		 * Batching ({@code vwo.batch.max-events}, {@code vwo.batch.linger}).
		 * @param maxEvents dimensions per request, 1 to {@value #MAX_EVENTS_LIMIT}
		 * @param linger how long the oldest dimension may wait for a batch to fill, at most a
		 * minute
		 * @return this builder
		 */
		public Builder batching(int maxEvents, @Nullable Duration linger) {
			this.maxEvents = maxEvents;
			this.linger = linger;
			return this;
		}

		/**
		 * The memory queue's bounds ({@code vwo.queue.capacity}, {@code vwo.queue.max-size}).
		 * @param capacity dimensions held at most, at least 1
		 * @param maxBytes approximate heap they may hold, at least 1 KB
		 * @return this builder
		 */
		public Builder queue(int capacity, long maxBytes) {
			this.queueCapacity = capacity;
			this.queueMaxBytes = maxBytes;
			return this;
		}

		/**
		 * Timeouts of requests to VWO ({@code vwo.http.connect-timeout},
		 * {@code vwo.http.response-timeout}).
		 * @param connectTimeout the connect timeout, positive
		 * @param responseTimeout the response timeout, positive
		 * @return this builder
		 */
		public Builder timeouts(@Nullable Duration connectTimeout, @Nullable Duration responseTimeout) {
			this.connectTimeout = connectTimeout;
			this.responseTimeout = responseTimeout;
			return this;
		}

		/**
		 * The largest window of requests in flight ({@code vwo.http.max-in-flight}).
		 * @param maxInFlight 1 to {@value #MAX_IN_FLIGHT_LIMIT}
		 * @return this builder
		 */
		public Builder maxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
			return this;
		}

		/**
		 * Where the HTTP client's {@link WebClient.Builder} comes from (Spring Boot's, with
		 * its customizers); called once by {@link #build()}, and not in development mode.
		 * @param webClient supplies a builder the engine may configure and keep
		 * @return this builder
		 */
		public Builder webClient(Supplier<WebClient.Builder> webClient) {
			this.webClient = webClient;
			return this;
		}

		/**
		 * How long a dimension is retried at most ({@code vwo.retry.max-elapsed}).
		 * @param maxElapsed positive
		 * @return this builder
		 */
		public Builder retryMaxElapsed(@Nullable Duration maxElapsed) {
			this.retryMaxElapsed = maxElapsed;
			return this;
		}

		/**
		 * Attempts per request at most ({@code vwo.retry.max-attempts}).
		 * @param maxAttempts at least 1, or {@code null} for no limit but the elapsed time
		 * @return this builder
		 */
		public Builder retryMaxAttempts(@Nullable Integer maxAttempts) {
			this.retryMaxAttempts = maxAttempts;
			return this;
		}

		/**
		 * Exponential backoff between attempts ({@code vwo.retry.initial-backoff},
		 * {@code vwo.retry.max-backoff}).
		 * @param initial the first backoff, positive
		 * @param max the longest backoff, at least {@code initial}
		 * @return this builder
		 */
		public Builder retryBackoff(@Nullable Duration initial, @Nullable Duration max) {
			this.initialBackoff = initial;
			this.maxBackoff = max;
			return this;
		}

		/**
		 * The longest {@code Retry-After} obeyed ({@code vwo.retry.max-retry-after}).
		 * @param maxRetryAfter zero or positive
		 * @return this builder
		 */
		public Builder maxRetryAfter(@Nullable Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
			return this;
		}

		/**
		 * How often the settings file is fetched again ({@code vwo.settings.refresh-interval}).
		 * @param refreshInterval zero (once) or positive
		 * @return this builder
		 */
		public Builder settingsRefreshInterval(@Nullable Duration refreshInterval) {
			this.settingsRefreshInterval = refreshInterval;
			return this;
		}

		/**
		 * How long {@link VwoPushEngine#stop()} may spend delivering ({@code vwo.shutdown.timeout}).
		 * @param shutdownTimeout zero or positive
		 * @return this builder
		 */
		public Builder shutdownTimeout(@Nullable Duration shutdownTimeout) {
			this.shutdownTimeout = shutdownTimeout;
			return this;
		}

		/**
		 * How often one failure reason may be logged ({@code vwo.logging.interval}).
		 * @param logInterval zero or positive
		 * @return this builder
		 */
		public Builder logInterval(@Nullable Duration logInterval) {
			this.logInterval = logInterval;
			return this;
		}

		/**
		 * Keep accepted dimensions on disk as well, so that an outage or a restart does not
		 * lose them ({@code vwo.spool.*}).
		 * @param directory a directory only this application uses
		 * @param maxBytes disk space the spool may use, at least 1 MB
		 * @param syncInterval longest time between a push and its {@code fsync}, at most 10s
		 * @return this builder
		 */
		public Builder spool(@Nullable Path directory, long maxBytes, @Nullable Duration syncInterval) {
			this.spool = true;
			this.spoolDirectory = directory;
			this.spoolMaxBytes = maxBytes;
			this.spoolSyncInterval = syncInterval;
			return this;
		}

		/**
		 * Keep nothing on disk (the default), undoing {@link #spool}: for an engine whose
		 * pushes another store already keeps, such as the Kafka relay's (the topic), and
		 * which must not take the application's spool directory.
		 * @return this builder
		 */
		public Builder withoutSpool() {
			this.spool = false;
			return this;
		}

		/**
		 * Add a listener to every final outcome and request.
		 * @param listener the listener
		 * @return this builder
		 */
		public Builder listener(VwoDeliveryListener listener) {
			this.listeners.add(listener);
			return this;
		}

		/**
		 * Hand accepted dimensions to an outlet (an outbox such as a Kafka topic) instead of
		 * sending them to VWO. The engine batches, windows, retries and settles them as it
		 * does requests to VWO; one the outlet accepted ends as {@link PushReason#OUTBOX}
		 * (handed off, not delivered).
		 * The engine still reads VWO's settings file (its data-residency prefix).
		 * @param outlet the outlet, or {@code null} to send to VWO (the default)
		 * @return this builder
		 */
		public Builder outlet(@Nullable VwoOutlet outlet) {
			this.outlet = outlet;
			return this;
		}

		/**
		 * Check every setting and build the engine. Starts no thread and sends nothing:
		 * that begins with {@link VwoPushEngine#start()}.
		 * @return the engine
		 * @throws InvalidVwoSettingException naming every invalid setting
		 */
		public VwoPushEngine build() {
			validate();
			URI baseUrl = baseUrl();
			Platform platform = Platform.valueOf(this.platform.name());
			PushWireFormat wire = new PushWireFormat(baseUrl, settingsUrl(), this.accountId, sdkKey(),
					SdkIdentity.current(), platform, gateway());
			DeliveryConfig config = deliveryConfig();
			VwoHttpClient http = null;
			SettingsRefresher settings = null;
			if (!this.devMode) {
				http = new VwoHttpClient(this.webClient.get(), positive("vwo.http.connect-timeout",
						this.connectTimeout, "5s"), positive("vwo.http.response-timeout", this.responseTimeout, "10s"),
						config.maxInFlight() + 1);
				settings = new SettingsRefresher(wire, http, settingsRefreshInterval(), collectionPrefix());
			}
			List<DeliveryListener> listeners = new ArrayList<>(this.listeners.size());
			for (VwoDeliveryListener listener : this.listeners) {
				listeners.add(new PublicListener(listener));
			}
			return new DefaultVwoPushService(config, retryPolicy(), wire, this.accountId, http, settings, listeners,
					this.outlet);
		}

		/**
		 * Run every check, so that all problems are reported at once rather than one per
		 * restart.
		 * @throws InvalidVwoSettingException for the one bad setting, or for all of them
		 */
		public void validate() {
			List<Runnable> checks = List.of(this::accountId, this::sdkKey, this::baseUrl, this::settingsUrl,
					this::transport, this::collectionPrefix, this::maxEvents, this::linger, this::queueCapacity,
					this::queueMaxBytes, this::shutdownTimeout, this::logInterval, this::maxInFlight, this::spool,
					this::retryPolicy, this::connectTimeout, this::responseTimeout, this::settingsRefreshInterval,
					// What spool() and retryPolicy() did not reach after their first problem.
					this::spoolSyncInterval, this::spoolDirectory, this::retryMaxElapsed, this::initialBackoff,
					this::maxRetryAfter);
			Map<String, InvalidVwoSettingException> problems = new LinkedHashMap<>();
			for (Runnable check : checks) {
				try {
					check.run();
				}
				catch (InvalidVwoSettingException ex) {
					// settingsUrl() checks baseUrl() too: the same problem once.
					problems.putIfAbsent(ex.getMessage(), ex);
				}
			}
			if (problems.size() == 1) {
				throw problems.values().iterator().next();
			}
			if (!problems.isEmpty()) {
				throw new InvalidVwoSettingException(List.copyOf(problems.values()));
			}
		}

		private void accountId() {
			if (this.accountId <= 0) {
				throw new InvalidVwoSettingException("vwo.account-id", "is '" + this.accountId
						+ "', which is not a positive number", "Set vwo.account-id to your VWO account id, the "
								+ "number shown in VWO under Settings > Account.");
			}
		}

		private String sdkKey() {
			String key = this.sdkKey;
			if (this.devMode && (key == null || key.isBlank())) {
				return "";
			}
			if (key == null || key.isBlank()) {
				throw new InvalidVwoSettingException("vwo.sdk-key", "is not set",
						"Set vwo.sdk-key (for example through the VWO_SDK_KEY environment variable) to the SDK key "
								+ "of your VWO FullStack environment, or set vwo.dev-mode=true to validate pushes "
								+ "without sending them.");
			}
			if (key.strip().length() != key.length() || key.chars().anyMatch(Character::isISOControl)) {
				throw new InvalidVwoSettingException("vwo.sdk-key", "has leading or trailing white space or a "
						+ "control character", "Copy the SDK key again from VWO, without surrounding spaces or line "
								+ "breaks.");
			}
			return key;
		}

		private boolean gateway() {
			return this.gatewayUrl != null;
		}

		/** Where every request goes: the gateway when one is set, else VWO's base URL. */
		private URI baseUrl() {
			String gateway = this.gatewayUrl;
			if (gateway != null) {
				if (this.platform != VwoPlatform.FME) {
					throw new InvalidVwoSettingException("vwo.gateway-url", "is set, but VWO's gateway serves FME "
							+ "accounts", "Set vwo.platform=fme, or remove vwo.gateway-url.");
				}
				if (this.collectionPrefix != null) {
					throw new InvalidVwoSettingException("vwo.collection-prefix", "is set together with "
							+ "vwo.gateway-url, but events sent to a gateway carry no collection prefix",
							"Remove vwo.collection-prefix, or remove vwo.gateway-url.");
				}
				return httpUrl("vwo.gateway-url", gateway, "Set vwo.gateway-url to your VWO gateway's base URL, "
						+ "or remove it to send to vwo.base-url.");
			}
			return httpUrl("vwo.base-url", this.baseUrl, "Set vwo.base-url to "
					+ "https://dev.visualwebsiteoptimizer.com (the default) or to the base URL of a proxy or test "
					+ "server.");
		}

		/** Where the settings file comes from: the settings URL when set (and no gateway), else where events go. */
		private URI settingsUrl() {
			String settings = this.settingsUrl;
			if (settings == null || gateway()) {
				return baseUrl();
			}
			return httpUrl("vwo.settings-url", settings, "Set vwo.settings-url to the base URL VWO serves your "
					+ "settings file from (https://edge.wingify.net for Wingify-branded accounts), or remove it.");
		}

		/** Read here, never by {@code java.net.URI} alone, so that a URL's credentials are never repeated. */
		private static URI httpUrl(String setting, @Nullable String text, String action) {
			if (text == null) {
				throw new InvalidVwoSettingException(setting, "is not set", action);
			}
			try {
				return HttpUrl.parse(text);
			}
			catch (HttpUrl.InvalidUrlException ex) {
				throw new InvalidVwoSettingException(setting, ex.getMessage(), action);
			}
		}

		private Transport transport() {
			VwoPlatform platform = this.platform;
			VwoTransport transport = this.transport;
			boolean gateway = gateway();
			if (transport == null) {
				// VWO's gateway has no batch-events-v2 (its FME SDKs turn batching off with a gateway).
				return (gateway && platform == VwoPlatform.FME) ? Transport.EVENT_ARCH
						: Platform.valueOf(platform.name()).defaultTransport();
			}
			if (gateway && transport == VwoTransport.BATCH_V2) {
				throw new InvalidVwoSettingException("vwo.transport", "is 'batch-v2', which a VWO gateway does not "
						+ "accept", "Set vwo.transport=event-arch (the default with vwo.gateway-url), or remove "
								+ "vwo.gateway-url.");
			}
			Transport internal = Transport.valueOf(transport.name());
			if (!Platform.valueOf(platform.name()).supports(internal)) {
				throw new InvalidVwoSettingException("vwo.transport", "is '" + transport.tagValue() + "', which "
						+ "VWO's " + platform.tagValue() + " platform does not accept", (platform == VwoPlatform.FME)
								? "Set vwo.transport to batch-v2 (the default on FME) or event-arch, or set "
										+ "vwo.platform=fullstack."
								: "Set vwo.transport to batch (the default), event-arch or legacy, or set "
										+ "vwo.platform=fme for batch-v2.");
			}
			return internal;
		}

		private @Nullable String collectionPrefix() {
			String prefix = this.collectionPrefix;
			if (prefix == null || prefix.isEmpty()) {
				return null;
			}
			if (!SettingsFile.isValidPrefix(prefix)) {
				throw new InvalidVwoSettingException("vwo.collection-prefix", "is '" + prefix + "', which is not a "
						+ "single path segment", "Set vwo.collection-prefix to the data-residency prefix VWO gave "
								+ "you (letters, digits, '-' and '_' only, for example eu01), or remove it to use the "
								+ "one in VWO's settings file.");
			}
			return prefix;
		}

		private DeliveryConfig deliveryConfig() {
			return new DeliveryConfig(transport(), maxEvents(), linger(), maxInFlight(), queueCapacity(),
					queueMaxBytes(), shutdownTimeout(), this.devMode, logInterval(), spool());
		}

		private int maxEvents() {
			if (this.maxEvents < 1 || this.maxEvents > MAX_EVENTS_LIMIT) {
				throw new InvalidVwoSettingException("vwo.batch.max-events", "is " + this.maxEvents + ", outside 1 to "
						+ MAX_EVENTS_LIMIT, "Set vwo.batch.max-events between 1 and " + MAX_EVENTS_LIMIT
								+ " (VWO accepts at most " + MAX_EVENTS_LIMIT + " events per request); the default is "
								+ DEFAULT_MAX_EVENTS + ".");
			}
			return this.maxEvents;
		}

		private Duration linger() {
			Duration linger = positive("vwo.batch.linger", this.linger, "1s");
			atMost("vwo.batch.linger", linger, Duration.ofMinutes(1), "1s");
			return linger;
		}

		private int queueCapacity() {
			if (this.queueCapacity < 1) {
				throw new InvalidVwoSettingException("vwo.queue.capacity", "is " + this.queueCapacity
						+ ", but must be at least 1", "Set vwo.queue.capacity to the most dimensions to hold in "
								+ "memory; the default is " + DEFAULT_QUEUE_CAPACITY + ".");
			}
			return this.queueCapacity;
		}

		private long queueMaxBytes() {
			if (this.queueMaxBytes < KB) {
				throw new InvalidVwoSettingException("vwo.queue.max-size", "is " + this.queueMaxBytes + "B, but must "
						+ "be at least 1KB", "Set vwo.queue.max-size to the most heap queued dimensions may hold, for "
								+ "example 64MB (the default).");
			}
			return this.queueMaxBytes;
		}

		private Duration shutdownTimeout() {
			return notNegative("vwo.shutdown.timeout", this.shutdownTimeout, "10s");
		}

		private Duration logInterval() {
			return notNegative("vwo.logging.interval", this.logInterval, "1m");
		}

		private DeliveryConfig.@Nullable Spool spool() {
			if (!this.spool) {
				return null;
			}
			if (this.spoolMaxBytes < MB) {
				throw new InvalidVwoSettingException("vwo.spool.max-size", "is " + this.spoolMaxBytes + "B, but must "
						+ "be at least 1MB", "Set vwo.spool.max-size to the disk space the spool may use, for "
								+ "example 512MB (the default).");
			}
			return new DeliveryConfig.Spool(spoolDirectory(), this.spoolMaxBytes, spoolSyncInterval());
		}

		private @Nullable Duration spoolSyncInterval() {
			if (!this.spool) {
				return null;
			}
			Duration sync = positive("vwo.spool.sync-interval", this.spoolSyncInterval, "100ms");
			atMost("vwo.spool.sync-interval", sync, Duration.ofSeconds(10), "100ms");
			return sync;
		}

		private @Nullable Path spoolDirectory() {
			if (!this.spool) {
				return null;
			}
			Path directory = this.spoolDirectory;
			if (directory == null || directory.toString().isBlank()) {
				throw new InvalidVwoSettingException("vwo.spool.directory", "is empty",
						"Set vwo.spool.directory to a writable directory on a persistent volume.");
			}
			return directory.toAbsolutePath();
		}

		private RetryPolicy retryPolicy() {
			Integer maxAttempts = this.retryMaxAttempts;
			if (maxAttempts != null && maxAttempts < 1) {
				throw new InvalidVwoSettingException("vwo.retry.max-attempts", "is " + maxAttempts
						+ ", but must be at least 1", "Set vwo.retry.max-attempts to 1 (no retry) or more, or leave "
								+ "it unset: vwo.retry.max-elapsed alone then bounds the retries.");
			}
			Duration maxElapsed = retryMaxElapsed();
			Duration initial = initialBackoff();
			Duration max = positive("vwo.retry.max-backoff", this.maxBackoff, "30s");
			if (max.compareTo(initial) < 0) {
				throw new InvalidVwoSettingException("vwo.retry.max-backoff", "(" + max + ") is shorter than "
						+ "vwo.retry.initial-backoff (" + initial + ")", "Set vwo.retry.max-backoff to at least "
								+ "vwo.retry.initial-backoff.");
			}
			return new RetryPolicy(maxElapsed, (maxAttempts != null) ? maxAttempts : 0, initial, max, maxRetryAfter());
		}

		private Duration retryMaxElapsed() {
			return positive("vwo.retry.max-elapsed", this.retryMaxElapsed, "15m");
		}

		private Duration initialBackoff() {
			return positive("vwo.retry.initial-backoff", this.initialBackoff, "500ms");
		}

		private Duration maxRetryAfter() {
			return notNegative("vwo.retry.max-retry-after", this.maxRetryAfter, "5m");
		}

		private int maxInFlight() {
			if (this.maxInFlight < 1 || this.maxInFlight > MAX_IN_FLIGHT_LIMIT) {
				throw new InvalidVwoSettingException("vwo.http.max-in-flight", "is " + this.maxInFlight
						+ ", outside 1 to " + MAX_IN_FLIGHT_LIMIT, "Set vwo.http.max-in-flight between 1 and "
								+ MAX_IN_FLIGHT_LIMIT + "; the default is " + DEFAULT_MAX_IN_FLIGHT + ".");
			}
			return this.maxInFlight;
		}

		private Duration connectTimeout() {
			return positive("vwo.http.connect-timeout", this.connectTimeout, "5s");
		}

		private Duration responseTimeout() {
			return positive("vwo.http.response-timeout", this.responseTimeout, "10s");
		}

		private Duration settingsRefreshInterval() {
			return notNegative("vwo.settings.refresh-interval", this.settingsRefreshInterval, "10m");
		}

		private static Duration positive(String setting, @Nullable Duration value, String example) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new InvalidVwoSettingException(setting, "is " + value + ", but must be positive",
						"Set " + setting + " to a positive duration, for example " + example + ".");
			}
			return value;
		}

		private static Duration notNegative(String setting, @Nullable Duration value, String example) {
			if (value == null || value.isNegative()) {
				throw new InvalidVwoSettingException(setting, "is " + value + ", but must not be negative",
						"Set " + setting + " to zero or a positive duration, for example " + example + ".");
			}
			return value;
		}

		private static void atMost(String setting, Duration value, Duration max, String example) {
			if (value.compareTo(max) > 0) {
				throw new InvalidVwoSettingException(setting, "is " + value + ", longer than " + max,
						"Set " + setting + " to at most " + max + ", for example " + example + ".");
			}
		}

		/** Never the SDK key. */
		@Override
		public String toString() {
			return "VwoPushEngine.Builder[accountId=" + this.accountId + ", platform=" + this.platform.tagValue()
					+ ", devMode=" + this.devMode + "]";
		}

	}

}
