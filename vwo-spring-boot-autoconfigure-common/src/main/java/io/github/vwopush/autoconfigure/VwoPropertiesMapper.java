package io.github.vwopush.autoconfigure;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.vwopush.internal.delivery.DeliveryConfig;
import io.github.vwopush.internal.delivery.RetryPolicy;
import io.github.vwopush.internal.protocol.HttpUrl;
import io.github.vwopush.internal.protocol.Platform;
import io.github.vwopush.internal.protocol.SettingsFile;
import io.github.vwopush.internal.protocol.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.system.ApplicationTemp;
import org.springframework.util.unit.DataSize;

/**
 * Checks {@link VwoProperties} and maps them to the engine's settings. Every check throws
 * an {@link InvalidVwoPropertyException} that names the property and the fix.
 */
final class VwoPropertiesMapper {

	static final int MAX_EVENTS_LIMIT = 5000;

	static final int MAX_IN_FLIGHT_LIMIT = 64;

	private final VwoProperties properties;

	VwoPropertiesMapper(VwoProperties properties) {
		this.properties = properties;
	}

	long accountId() {
		String value = this.properties.getAccountId();
		String action = "Set vwo.account-id to your VWO account id, the number shown in VWO under Settings > Account.";
		if (value == null || value.isBlank()) {
			throw new InvalidVwoPropertyException("vwo.account-id", "is empty", action);
		}
		try {
			long id = Long.parseLong(value.strip());
			if (id > 0) {
				return id;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw new InvalidVwoPropertyException("vwo.account-id", "is '" + value + "', which is not a positive number",
				action);
	}

	String sdkKey() {
		String key = this.properties.getSdkKey();
		if (this.properties.isDevMode() && (key == null || key.isBlank())) {
			return "";
		}
		if (key == null || key.isBlank()) {
			throw new InvalidVwoPropertyException("vwo.sdk-key", "is not set",
					"Set vwo.sdk-key (for example through the VWO_SDK_KEY environment variable) to the SDK key of "
							+ "your VWO FullStack environment, or set vwo.dev-mode=true to validate pushes without "
							+ "sending them.");
		}
		if (key.strip().length() != key.length() || key.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidVwoPropertyException("vwo.sdk-key", "has leading or trailing white space or a control "
					+ "character", "Copy the SDK key again from VWO, without surrounding spaces or line breaks.");
		}
		return key;
	}

	/** Where every request goes: the gateway when one is set, else VWO's base URL. */
	URI baseUrl() {
		String gateway = this.properties.getGatewayUrl();
		if (gateway != null) {
			if (this.properties.getPlatform() != Platform.FME) {
				throw new InvalidVwoPropertyException("vwo.gateway-url", "is set, but VWO's gateway serves FME accounts",
						"Set vwo.platform=fme, or remove vwo.gateway-url.");
			}
			if (this.properties.getCollectionPrefix() != null) {
				throw new InvalidVwoPropertyException("vwo.collection-prefix", "is set together with vwo.gateway-url, "
						+ "but events sent to a gateway carry no collection prefix",
						"Remove vwo.collection-prefix, or remove vwo.gateway-url.");
			}
			return httpUrl("vwo.gateway-url", gateway, "Set vwo.gateway-url to your VWO gateway's base URL, or "
					+ "remove it to send to vwo.base-url.");
		}
		return httpUrl("vwo.base-url", this.properties.getBaseUrl(), "Set vwo.base-url to "
				+ "https://dev.visualwebsiteoptimizer.com (the default) or to the base URL of a proxy or test server.");
	}

	/** Where the settings file comes from: settings-url when set (and no gateway), else where events go. */
	URI settingsUrl() {
		String settings = this.properties.getSettingsUrl();
		if (settings == null || gateway()) {
			return baseUrl();
		}
		return httpUrl("vwo.settings-url", settings, "Set vwo.settings-url to the base URL VWO serves your settings "
				+ "file from (https://edge.wingify.net for Wingify-branded accounts), or remove it.");
	}

	boolean gateway() {
		return this.properties.getGatewayUrl() != null;
	}

	/**
	 * The property as a URL. Bound as text and read here, so that one {@code java.net.URI}
	 * cannot parse is reported by this starter, never repeated: Spring's conversion would
	 * put the whole value, credentials and all, in its message and the startup report.
	 */
	private static URI httpUrl(String property, String text, String action) {
		try {
			return HttpUrl.parse(text);
		}
		catch (HttpUrl.InvalidUrlException ex) {
			throw new InvalidVwoPropertyException(property, ex.getMessage(), action);
		}
	}

	Platform platform() {
		return this.properties.getPlatform();
	}

	Transport transport() {
		Platform platform = this.properties.getPlatform();
		Transport transport = this.properties.getTransport();
		boolean gateway = gateway();
		if (transport == null) {
			// VWO's gateway has no batch-events-v2 (its FME SDKs turn batching off with a gateway).
			return (gateway && platform == Platform.FME) ? Transport.EVENT_ARCH : platform.defaultTransport();
		}
		if (gateway && transport == Transport.BATCH_V2) {
			throw new InvalidVwoPropertyException("vwo.transport", "is 'batch-v2', which a VWO gateway does not accept",
					"Set vwo.transport=event-arch (the default with vwo.gateway-url), or remove vwo.gateway-url.");
		}
		if (!platform.supports(transport)) {
			throw new InvalidVwoPropertyException("vwo.transport", "is '" + transport.tagValue() + "', which VWO's "
					+ platform.tagValue() + " platform does not accept", (platform == Platform.FME)
							? "Set vwo.transport to batch-v2 (the default on FME) or event-arch, or set vwo.platform=fullstack."
							: "Set vwo.transport to batch (the default), event-arch or legacy, or set vwo.platform=fme "
									+ "for batch-v2.");
		}
		return transport;
	}

	@Nullable String collectionPrefix() {
		String prefix = this.properties.getCollectionPrefix();
		if (prefix == null || prefix.isEmpty()) {
			return null;
		}
		if (!SettingsFile.isValidPrefix(prefix)) {
			throw new InvalidVwoPropertyException("vwo.collection-prefix", "is '" + prefix + "', which is not a "
					+ "single path segment", "Set vwo.collection-prefix to the data-residency prefix VWO gave you "
							+ "(letters, digits, '-' and '_' only, for example eu01), or remove it to use the one "
							+ "in VWO's settings file.");
		}
		return prefix;
	}

	DeliveryConfig deliveryConfig() {
		return new DeliveryConfig(transport(), maxEvents(), linger(), maxInFlight(), queueCapacity(),
				queueMaxSize().toBytes(), shutdownTimeout(), this.properties.isDevMode(), logInterval(), spool());
	}

	/**
	 * Run every check, so that all bad properties are reported in one startup report
	 * rather than one per restart.
	 * @throws InvalidVwoPropertyException for the one bad property, or for all of them
	 */
	void validate() {
		List<Runnable> checks = List.of(this::accountId, this::sdkKey, this::baseUrl, this::settingsUrl,
				this::transport, this::collectionPrefix, this::maxEvents, this::linger, this::queueCapacity,
				this::queueMaxSize, this::shutdownTimeout, this::logInterval, this::maxInFlight, this::spool,
				this::retryPolicy, this::connectTimeout, this::responseTimeout, this::settingsRefreshInterval);
		Map<String, InvalidVwoPropertyException> problems = new LinkedHashMap<>();
		for (Runnable check : checks) {
			try {
				check.run();
			}
			catch (InvalidVwoPropertyException ex) {
				// settingsUrl() checks baseUrl() too: the same problem once.
				problems.putIfAbsent(ex.getMessage(), ex);
			}
		}
		for (Runnable check : List.<Runnable>of(this::spoolSyncInterval, this::spoolDirectory, this::retryMaxElapsed,
				this::initialBackoff, this::maxRetryAfter)) {
			// What spool() and retryPolicy() did not reach after their first problem.
			try {
				check.run();
			}
			catch (InvalidVwoPropertyException ex) {
				problems.putIfAbsent(ex.getMessage(), ex);
			}
		}
		if (problems.size() == 1) {
			throw problems.values().iterator().next();
		}
		if (!problems.isEmpty()) {
			throw new InvalidVwoPropertyException(List.copyOf(problems.values()));
		}
	}

	private int maxEvents() {
		int maxEvents = this.properties.getBatch().getMaxEvents();
		if (maxEvents < 1 || maxEvents > MAX_EVENTS_LIMIT) {
			throw new InvalidVwoPropertyException("vwo.batch.max-events", "is " + maxEvents + ", outside 1 to "
					+ MAX_EVENTS_LIMIT, "Set vwo.batch.max-events between 1 and " + MAX_EVENTS_LIMIT
							+ " (VWO accepts at most " + MAX_EVENTS_LIMIT + " events per request); the default is " + new VwoProperties.Batch().getMaxEvents() + ".");
		}
		return maxEvents;
	}

	private Duration linger() {
		Duration linger = positive("vwo.batch.linger", this.properties.getBatch().getLinger(), "1s");
		atMost("vwo.batch.linger", linger, Duration.ofMinutes(1), "1s");
		return linger;
	}

	private int queueCapacity() {
		int capacity = this.properties.getQueue().getCapacity();
		if (capacity < 1) {
			throw new InvalidVwoPropertyException("vwo.queue.capacity", "is " + capacity + ", but must be at least 1",
					"Set vwo.queue.capacity to the most dimensions to hold in memory; the default is 100000.");
		}
		return capacity;
	}

	private DataSize queueMaxSize() {
		DataSize maxSize = this.properties.getQueue().getMaxSize();
		if (maxSize == null || maxSize.toBytes() < 1024) {
			throw new InvalidVwoPropertyException("vwo.queue.max-size", "is " + maxSize + ", but must be at least 1KB",
					"Set vwo.queue.max-size to the most heap queued dimensions may hold, for example 64MB (the default).");
		}
		return maxSize;
	}

	private Duration shutdownTimeout() {
		return notNegative("vwo.shutdown.timeout", this.properties.getShutdown().getTimeout(), "10s");
	}

	private Duration logInterval() {
		return notNegative("vwo.logging.interval", this.properties.getLogging().getInterval(), "1m");
	}

	private DeliveryConfig.@Nullable Spool spool() {
		VwoProperties.Spool spool = this.properties.getSpool();
		if (!spool.isEnabled()) {
			return null;
		}
		DataSize maxSize = spool.getMaxSize();
		if (maxSize == null || maxSize.toMegabytes() < 1) {
			throw new InvalidVwoPropertyException("vwo.spool.max-size", "is " + maxSize + ", but must be at least 1MB",
					"Set vwo.spool.max-size to the disk space the spool may use, for example 512MB (the default).");
		}
		return new DeliveryConfig.Spool(spoolDirectory(), maxSize.toBytes(), spoolSyncInterval());
	}

	private @Nullable Duration spoolSyncInterval() {
		VwoProperties.Spool spool = this.properties.getSpool();
		if (!spool.isEnabled()) {
			return null;
		}
		Duration sync = positive("vwo.spool.sync-interval", spool.getSyncInterval(), "100ms");
		atMost("vwo.spool.sync-interval", sync, Duration.ofSeconds(10), "100ms");
		return sync;
	}

	private @Nullable Path spoolDirectory() {
		VwoProperties.Spool spool = this.properties.getSpool();
		return spool.isEnabled() ? spoolDirectory(spool.getDirectory()) : null;
	}

	private static Path spoolDirectory(@Nullable Path directory) {
		if (directory == null) {
			// Not one shared by every application on the host: they would use each other's files.
			return new ApplicationTemp().getDir("vwo-push-spool").toPath();
		}
		if (directory.toString().isBlank()) {
			throw new InvalidVwoPropertyException("vwo.spool.directory", "is empty",
					"Set vwo.spool.directory to a writable directory on a persistent volume.");
		}
		return directory.toAbsolutePath();
	}

	RetryPolicy retryPolicy() {
		VwoProperties.Retry retry = this.properties.getRetry();
		Integer maxAttempts = retry.getMaxAttempts();
		if (maxAttempts != null && maxAttempts < 1) {
			throw new InvalidVwoPropertyException("vwo.retry.max-attempts", "is " + maxAttempts
					+ ", but must be at least 1", "Set vwo.retry.max-attempts to 1 (no retry) or more, or leave it "
							+ "unset: vwo.retry.max-elapsed alone then bounds the retries.");
		}
		Duration maxElapsed = retryMaxElapsed();
		Duration initial = initialBackoff();
		Duration max = positive("vwo.retry.max-backoff", retry.getMaxBackoff(), "30s");
		if (max.compareTo(initial) < 0) {
			throw new InvalidVwoPropertyException("vwo.retry.max-backoff", "(" + max + ") is shorter than "
					+ "vwo.retry.initial-backoff (" + initial + ")", "Set vwo.retry.max-backoff to at least "
							+ "vwo.retry.initial-backoff.");
		}
		return new RetryPolicy(maxElapsed, (maxAttempts != null) ? maxAttempts : 0, initial, max, maxRetryAfter());
	}

	private Duration retryMaxElapsed() {
		return positive("vwo.retry.max-elapsed", this.properties.getRetry().getMaxElapsed(), "15m");
	}

	private Duration initialBackoff() {
		return positive("vwo.retry.initial-backoff", this.properties.getRetry().getInitialBackoff(), "500ms");
	}

	private Duration maxRetryAfter() {
		return notNegative("vwo.retry.max-retry-after", this.properties.getRetry().getMaxRetryAfter(), "5m");
	}

	int maxInFlight() {
		int maxInFlight = this.properties.getHttp().getMaxInFlight();
		if (maxInFlight < 1 || maxInFlight > MAX_IN_FLIGHT_LIMIT) {
			throw new InvalidVwoPropertyException("vwo.http.max-in-flight", "is " + maxInFlight + ", outside 1 to "
					+ MAX_IN_FLIGHT_LIMIT, "Set vwo.http.max-in-flight between 1 and " + MAX_IN_FLIGHT_LIMIT
							+ "; the default is " + new VwoProperties.Http().getMaxInFlight() + ".");
		}
		return maxInFlight;
	}

	Duration connectTimeout() {
		return positive("vwo.http.connect-timeout", this.properties.getHttp().getConnectTimeout(), "5s");
	}

	Duration responseTimeout() {
		return positive("vwo.http.response-timeout", this.properties.getHttp().getResponseTimeout(), "10s");
	}

	Duration settingsRefreshInterval() {
		return notNegative("vwo.settings.refresh-interval", this.properties.getSettings().getRefreshInterval(), "10m");
	}

	private static Duration positive(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidVwoPropertyException(property, "is " + value + ", but must be positive",
					"Set " + property + " to a positive duration, for example " + example + ".");
		}
		return value;
	}

	private static Duration notNegative(String property, @Nullable Duration value, String example) {
		if (value == null || value.isNegative()) {
			throw new InvalidVwoPropertyException(property, "is " + value + ", but must not be negative",
					"Set " + property + " to zero or a positive duration, for example " + example + ".");
		}
		return value;
	}

	private static void atMost(String property, Duration value, Duration max, String example) {
		if (value.compareTo(max) > 0) {
			throw new InvalidVwoPropertyException(property, "is " + value + ", longer than " + max,
					"Set " + property + " to at most " + max + ", for example " + example + ".");
		}
	}

}
