package io.github.vwopush.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;

import io.github.vwopush.VwoPlatform;
import io.github.vwopush.VwoPushEngine.Builder;
import io.github.vwopush.VwoTransport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.core.style.ToStringCreator;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties for the VWO push starter. The engine's defaults are
 * {@link io.github.vwopush.VwoPushEngine.Builder}'s, so that plain Java and the starter
 * share one set of values; the starter's own settings default here.
 */
@ConfigurationProperties("vwo")
public class VwoProperties {

	/**
	 * Whether to enable the VWO push service.
	 */
	private boolean enabled = true;

	/**
	 * VWO account id, a positive number. The push service is created only when it is set.
	 */
	private @Nullable String accountId;

	/**
	 * SDK key of the VWO environment to push to. It is never logged or exposed.
	 */
	private @Nullable String sdkKey;

	/**
	 * VWO's platform the account is on: "fullstack" (the legacy FullStack SDKs' push) or
	 * "fme" (Feature Management and Experimentation, whose setAttribute is push's
	 * successor). It decides where the settings file comes from and which transports exist.
	 */
	private VwoPlatform platform = Builder.DEFAULT_PLATFORM;

	/**
	 * Base URL of VWO's server-side API (https://collect.wingify.net for Wingify-branded
	 * FME accounts, with settings-url).
	 */
	private String baseUrl = Builder.DEFAULT_BASE_URL;

	/**
	 * Base URL the settings file is fetched from, when it is not base-url's host
	 * (https://edge.wingify.net for Wingify-branded FME accounts, whose events go to
	 * https://collect.wingify.net). Ignored with a gateway.
	 */
	private @Nullable String settingsUrl;

	/**
	 * Base URL of a VWO gateway to send everything to instead of base-url. Events sent
	 * to a gateway carry no collection prefix.
	 */
	private @Nullable String gatewayUrl;

	/**
	 * Data-residency prefix (for example "eu01") to use instead of the one in VWO's
	 * settings file.
	 */
	private @Nullable String collectionPrefix;

	/**
	 * VWO endpoint that carries push events: "batch", "event-arch" or "legacy" on FullStack
	 * (default "batch"); "batch-v2" or "event-arch" on FME (default "batch-v2").
	 */
	private @Nullable VwoTransport transport;

	/**
	 * Whether to validate and count pushes without sending anything to VWO.
	 */
	private boolean devMode;

	private final Batch batch = new Batch();

	private final Queue queue = new Queue();

	private final Http http = new Http();

	private final Retry retry = new Retry();

	private final Settings settings = new Settings();

	private final Shutdown shutdown = new Shutdown();

	private final Logging logging = new Logging();

	private final Aspect aspect = new Aspect();

	private final Spool spool = new Spool();

	private final Health health = new Health();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable String getAccountId() {
		return this.accountId;
	}

	public void setAccountId(@Nullable String accountId) {
		this.accountId = accountId;
	}

	public @Nullable String getSdkKey() {
		return this.sdkKey;
	}

	public void setSdkKey(@Nullable String sdkKey) {
		this.sdkKey = sdkKey;
	}

	/**
	 * The account, endpoint and transport; the SDK key masked, since a properties object
	 * ends up in log lines and debuggers.
	 */
	@Override
	public String toString() {
		return new ToStringCreator(this).append("accountId", this.accountId)
			.append("sdkKey", (this.sdkKey != null && !this.sdkKey.isBlank()) ? "******" : "(not set)")
			.append("platform", this.platform)
			.append("baseUrl", this.baseUrl)
			.append("gatewayUrl", this.gatewayUrl)
			.append("transport", this.transport)
			.append("devMode", this.devMode)
			.toString();
	}

	public VwoPlatform getPlatform() {
		return this.platform;
	}

	public void setPlatform(VwoPlatform platform) {
		this.platform = platform;
	}

	public @Nullable String getSettingsUrl() {
		return this.settingsUrl;
	}

	public void setSettingsUrl(@Nullable String settingsUrl) {
		this.settingsUrl = settingsUrl;
	}

	public @Nullable String getGatewayUrl() {
		return this.gatewayUrl;
	}

	public void setGatewayUrl(@Nullable String gatewayUrl) {
		this.gatewayUrl = gatewayUrl;
	}

	public String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public @Nullable String getCollectionPrefix() {
		return this.collectionPrefix;
	}

	public void setCollectionPrefix(@Nullable String collectionPrefix) {
		this.collectionPrefix = collectionPrefix;
	}

	public @Nullable VwoTransport getTransport() {
		return this.transport;
	}

	public void setTransport(@Nullable VwoTransport transport) {
		this.transport = transport;
	}

	public boolean isDevMode() {
		return this.devMode;
	}

	public void setDevMode(boolean devMode) {
		this.devMode = devMode;
	}

	public Batch getBatch() {
		return this.batch;
	}

	public Queue getQueue() {
		return this.queue;
	}

	public Http getHttp() {
		return this.http;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Settings getSettings() {
		return this.settings;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Logging getLogging() {
		return this.logging;
	}

	public Aspect getAspect() {
		return this.aspect;
	}

	public Spool getSpool() {
		return this.spool;
	}

	public Health getHealth() {
		return this.health;
	}

	/**
	 * The "vwo" health contributor.
	 */
	public static class Health {

		/**
		 * Whether the "vwo" health contributor reports DOWN when VWO rejects the account id
		 * and SDK key, which fails the application's aggregate health (HTTP 503). By default
		 * it reports CREDENTIALS_REJECTED, which the aggregate ignores: analytics delivery is
		 * no reason to take an instance out of rotation.
		 */
		private boolean downOnRejectedCredentials;

		public boolean isDownOnRejectedCredentials() {
			return this.downOnRejectedCredentials;
		}

		public void setDownOnRejectedCredentials(boolean downOnRejectedCredentials) {
			this.downOnRejectedCredentials = downOnRejectedCredentials;
		}

	}

	/**
	 * Batching of push events.
	 */
	public static class Batch {

		/**
		 * Most dimensions sent in one request, from 1 to 5000 (VWO's limit).
		 */
		private int maxEvents = Builder.DEFAULT_MAX_EVENTS;

		/**
		 * How long the oldest queued dimension may wait for its batch to fill before it is
		 * sent anyway.
		 */
		private Duration linger = Builder.DEFAULT_LINGER;

		public int getMaxEvents() {
			return this.maxEvents;
		}

		public void setMaxEvents(int maxEvents) {
			this.maxEvents = maxEvents;
		}

		public Duration getLinger() {
			return this.linger;
		}

		public void setLinger(Duration linger) {
			this.linger = linger;
		}

	}

	/**
	 * The in-memory queue between callers and the sender.
	 */
	public static class Queue {

		/**
		 * Most dimensions held in memory waiting to be sent. When it is full, new
		 * dimensions are dropped and counted with reason "queue_full".
		 */
		private int capacity = Builder.DEFAULT_QUEUE_CAPACITY;

		/**
		 * Most heap the queued dimensions may hold (estimated from their lengths). When it
		 * is reached, new dimensions are dropped and counted with reason "queue_full".
		 */
		private DataSize maxSize = DataSize.ofBytes(Builder.DEFAULT_QUEUE_MAX_BYTES);

		public int getCapacity() {
			return this.capacity;
		}

		public void setCapacity(int capacity) {
			this.capacity = capacity;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

	}

	/**
	 * The HTTP client that talks to VWO.
	 */
	public static class Http {

		/**
		 * Timeout for establishing a connection to VWO.
		 */
		private Duration connectTimeout = Builder.DEFAULT_CONNECT_TIMEOUT;

		/**
		 * Timeout for VWO's response once a request is sent.
		 */
		private Duration responseTimeout = Builder.DEFAULT_RESPONSE_TIMEOUT;

		/**
		 * Most push requests in flight at once, from 1 to 64. While VWO answers, the window
		 * grows by one request per success up to this; a retryable failure shrinks it to a
		 * single probe. The connection pool holds this many connections plus one.
		 */
		private int maxInFlight = Builder.DEFAULT_MAX_IN_FLIGHT;

		public int getMaxInFlight() {
			return this.maxInFlight;
		}

		public void setMaxInFlight(int maxInFlight) {
			this.maxInFlight = maxInFlight;
		}

		public Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public Duration getResponseTimeout() {
			return this.responseTimeout;
		}

		public void setResponseTimeout(Duration responseTimeout) {
			this.responseTimeout = responseTimeout;
		}

	}

	/**
	 * Retries of requests that failed for a reason worth retrying (I/O errors, timeouts,
	 * 408, 425, 429, 500, 502, 503, 504).
	 */
	public static class Retry {

		/**
		 * How long one request keeps being retried, from its first attempt, before its
		 * dimensions are counted as failed. Waits asked for by Retry-After count as the time
		 * they take. Ignored with the disk spool, where retryable failures are never final.
		 */
		private Duration maxElapsed = Builder.DEFAULT_RETRY_MAX_ELAPSED;

		/**
		 * Most attempts per request, the first included, as an extra bound besides
		 * max-elapsed. Unset by default: an outage is bounded by time, not by a count.
		 */
		private @Nullable Integer maxAttempts;

		/**
		 * Upper bound of the randomized wait after the first failure; it doubles with each
		 * further failure.
		 */
		private Duration initialBackoff = Builder.DEFAULT_RETRY_INITIAL_BACKOFF;

		/**
		 * Largest upper bound of the randomized wait between attempts.
		 */
		private Duration maxBackoff = Builder.DEFAULT_RETRY_MAX_BACKOFF;

		/**
		 * Longest wait requested by VWO's Retry-After header that is honoured.
		 */
		private Duration maxRetryAfter = Builder.DEFAULT_RETRY_MAX_RETRY_AFTER;

		public Duration getMaxElapsed() {
			return this.maxElapsed;
		}

		public void setMaxElapsed(Duration maxElapsed) {
			this.maxElapsed = maxElapsed;
		}

		public @Nullable Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(@Nullable Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Duration getMaxRetryAfter() {
			return this.maxRetryAfter;
		}

		public void setMaxRetryAfter(Duration maxRetryAfter) {
			this.maxRetryAfter = maxRetryAfter;
		}

	}

	/**
	 * VWO's settings file, fetched in the background for the data-residency prefix.
	 */
	public static class Settings {

		/**
		 * How often to fetch the settings file again. Zero fetches it once, at startup.
		 */
		private Duration refreshInterval = Builder.DEFAULT_SETTINGS_REFRESH_INTERVAL;

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	/**
	 * Shutdown of the push service.
	 */
	public static class Shutdown {

		/**
		 * How long shutdown may spend delivering queued dimensions. What is left after it
		 * is dropped and counted with reason "shutdown".
		 */
		private Duration timeout = Builder.DEFAULT_SHUTDOWN_TIMEOUT;

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * Logging of rejected, failed and dropped dimensions.
	 */
	public static class Logging {

		/**
		 * Shortest interval between two log lines for the same reason; lines in between are
		 * counted and reported with the next one.
		 */
		private Duration interval = Builder.DEFAULT_LOG_INTERVAL;

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

	}

	/**
	 * The {@code @VwoDimension} annotation support.
	 */
	public static class Aspect {

		/**
		 * Whether to push the dimensions of methods annotated with {@code @VwoDimension}.
		 */
		private boolean enabled = true;

		/**
		 * Order of the {@code @VwoDimension} advisor. The default runs outside Spring's
		 * transaction interceptor (which has the lowest precedence), so a dimension is pushed
		 * only after the method's own transaction committed.
		 */
		private int order = Ordered.LOWEST_PRECEDENCE - 1000;

		/**
		 * Request header the default user id resolver reads when no user is authenticated.
		 */
		private String userIdHeader = "X-User-Id";

		/**
		 * Whether a dimension from a method called inside an active transaction waits for
		 * the commit (and is not pushed on rollback).
		 */
		private boolean pushAfterCommit = true;

		/**
		 * Whether @VwoDimension pushes also carry the current servlet request's User-Agent
		 * header and client address (FME's visitor_ua and visitor_ip). Off by default: an
		 * IP address is personal data.
		 */
		private boolean forwardUserAgentAndIp;

		public boolean isForwardUserAgentAndIp() {
			return this.forwardUserAgentAndIp;
		}

		public void setForwardUserAgentAndIp(boolean forwardUserAgentAndIp) {
			this.forwardUserAgentAndIp = forwardUserAgentAndIp;
		}

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getOrder() {
			return this.order;
		}

		public void setOrder(int order) {
			this.order = order;
		}

		public String getUserIdHeader() {
			return this.userIdHeader;
		}

		public void setUserIdHeader(String userIdHeader) {
			this.userIdHeader = userIdHeader;
		}

		public boolean isPushAfterCommit() {
			return this.pushAfterCommit;
		}

		public void setPushAfterCommit(boolean pushAfterCommit) {
			this.pushAfterCommit = pushAfterCommit;
		}

	}

	/**
	 * The disk spool: accepted dimensions not yet delivered survive a restart or a crash.
	 */
	public static class Spool {

		/**
		 * Whether to keep accepted, undelivered dimensions in an append-only log on disk.
		 */
		private boolean enabled;

		/**
		 * Directory of the spool's files; use a persistent volume, one per application
		 * instance: a directory can be used by one running instance at a time. Defaults to
		 * "vwo-push-spool" in a temporary directory of the application's own (Spring Boot's
		 * ApplicationTemp), which changes when the application's jar, working directory,
		 * Java installation, class path or command line does, and is lost when the
		 * temporary directory is cleaned.
		 */
		private @Nullable Path directory;

		/**
		 * Most disk space the spool may use. When it is full, new dimensions are dropped
		 * and counted with reason "spool_full".
		 */
		private DataSize maxSize = DataSize.ofBytes(Builder.DEFAULT_SPOOL_MAX_BYTES);

		/**
		 * Longest time between a push and its fsync: what a crash (kill -9, power loss) may
		 * lose.
		 */
		private Duration syncInterval = Builder.DEFAULT_SPOOL_SYNC_INTERVAL;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Path getDirectory() {
			return this.directory;
		}

		public void setDirectory(@Nullable Path directory) {
			this.directory = directory;
		}

		public DataSize getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(DataSize maxSize) {
			this.maxSize = maxSize;
		}

		public Duration getSyncInterval() {
			return this.syncInterval;
		}

		public void setSyncInterval(Duration syncInterval) {
			this.syncInterval = syncInterval;
		}

	}

}
