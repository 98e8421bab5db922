package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoPlatform;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoPushState;
import io.github.vwopush.VwoOutlet;
import io.github.vwopush.VwoTransport;
import io.github.vwopush.VwoVisitor;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.Platform;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.ValueType;
import io.github.vwopush.internal.protocol.VisitorContext;
import io.github.vwopush.internal.protocol.VisitorUuid;
import io.github.vwopush.internal.settings.SettingsRefresher;
import io.github.vwopush.internal.settings.SettingsSnapshot;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationListener;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.ContextRefreshedEvent;

/**
 * The {@link VwoPushService} the starter provides. The push methods run on the caller's
 * thread and only validate, count and enqueue: no I/O, no lock, no thread creation. A
 * {@link PushSender} thread, started with the application context and stopped after the
 * web server has drained, does the rest.
 */
public final class DefaultVwoPushService
		implements VwoPushEngine, RejectionSink, SmartLifecycle, ApplicationListener<ContextRefreshedEvent>, AutoCloseable {

	/**
	 * Stops after the web server's graceful shutdown (phase {@code DEFAULT_PHASE - 1024})
	 * and the server itself ({@code DEFAULT_PHASE - 2048}), so that dimensions pushed by the
	 * last requests are still delivered.
	 */
	public static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 4096;

	private static final Logger logger = LoggerFactory.getLogger(VwoPushService.class);

	/** How long shutdown waits for users' {@code pushAsync} callbacks that are still running. */
	private static final Duration CALLBACKS_GRACE = Duration.ofSeconds(1);

	private final DeliveryConfig config;

	private final @Nullable VwoHttpClient http;

	private final @Nullable SettingsRefresher settings;

	private final PushQueue queue;

	private final @Nullable PushSender sender;

	private final Platform platform;

	/** Completes {@code pushAsync} futures off the sender thread; {@code null} when nothing is sent. */
	private final @Nullable CallbackExecutor callbacks;

	/** VWO's event time; replaceable in tests to step the wall clock. */
	private final LongSupplier wallClock;

	private final PushCounters counters = new PushCounters();

	private final DeliveryStatus status = new DeliveryStatus();

	private final VwoPushState state = new EngineState(this);

	private final DeliveryListener listener;

	private final ThrottledLogger rejectionLog;

	private final Object lifecycleMonitor = new Object();

	private volatile boolean running;

	private boolean stopped;

	/**
	 * Create the service.
	 * @param config how to deliver
	 * @param retryPolicy when and how to retry
	 * @param wire the wire format
	 * @param accountId the VWO account id
	 * @param http the HTTP client; closed with the service
	 * @param settings the settings refresher
	 * @param listeners notified of every outcome and request (for metrics)
	 */
	public DefaultVwoPushService(DeliveryConfig config, RetryPolicy retryPolicy, PushWireFormat wire, long accountId,
			@Nullable VwoHttpClient http, @Nullable SettingsRefresher settings, List<DeliveryListener> listeners) {
		this(config, retryPolicy, wire, accountId, http, settings, listeners, System::currentTimeMillis);
	}

	DefaultVwoPushService(DeliveryConfig config, RetryPolicy retryPolicy, PushWireFormat wire, long accountId,
			@Nullable VwoHttpClient http, @Nullable SettingsRefresher settings, List<DeliveryListener> listeners,
			LongSupplier wallClock) {
		this(config, retryPolicy, wire, accountId, http, settings, listeners, wallClock, SpoolOpener.FILES,
				RacePoints.NONE);
	}

	DefaultVwoPushService(DeliveryConfig config, RetryPolicy retryPolicy, PushWireFormat wire, long accountId,
			@Nullable VwoHttpClient http, @Nullable SettingsRefresher settings, List<DeliveryListener> listeners,
			LongSupplier wallClock, SpoolOpener spoolOpener, RacePoints races) {
		this(config, retryPolicy, wire, accountId, http, settings, listeners, wallClock, spoolOpener, races, null);
	}

	/**
	 * Create the service with an outlet in VWO's place.
	 * @param config how to deliver
	 * @param retryPolicy when and how to retry
	 * @param wire the wire format
	 * @param accountId the VWO account id
	 * @param http the HTTP client (for the settings file, and for the requests without an
	 * outlet); closed with the service
	 * @param settings the settings refresher
	 * @param listeners notified of every outcome and request (for metrics)
	 * @param outlet where the sender hands batches instead of VWO, or {@code null} for VWO
	 */
	public DefaultVwoPushService(DeliveryConfig config, RetryPolicy retryPolicy, PushWireFormat wire, long accountId,
			@Nullable VwoHttpClient http, @Nullable SettingsRefresher settings, List<DeliveryListener> listeners,
			@Nullable VwoOutlet outlet) {
		this(config, retryPolicy, wire, accountId, http, settings, listeners, System::currentTimeMillis,
				SpoolOpener.FILES, RacePoints.NONE, outlet);
	}

	DefaultVwoPushService(DeliveryConfig config, RetryPolicy retryPolicy, PushWireFormat wire, long accountId,
			@Nullable VwoHttpClient http, @Nullable SettingsRefresher settings, List<DeliveryListener> listeners,
			LongSupplier wallClock, SpoolOpener spoolOpener, RacePoints races, @Nullable VwoOutlet outlet) {
		this.config = config;
		this.platform = wire.platform();
		this.wallClock = wallClock;
		this.http = http;
		this.settings = settings;
		this.queue = new PushQueue(config.queueCapacity(), config.queueMaxBytes(), config.maxEvents(), races);
		List<DeliveryListener> all = new ArrayList<>(listeners.size() + 2);
		all.add(this.counters);
		all.add(this.status);
		all.addAll(listeners);
		this.listener = CompositeDeliveryListener.of(all);
		this.rejectionLog = new ThrottledLogger(logger, config.logInterval());
		boolean sends = !config.devMode() && http != null && settings != null;
		this.callbacks = sends ? new CallbackExecutor() : null;
		this.sender = sends ? new PushSender(this.queue, config, wire, http, settings, retryPolicy,
				VisitorUuid.forAccount(accountId), this.listener, this.callbacks, spoolOpener, races, outlet) : null;
		if (this.sender != null) {
			this.queue.onWork(this.sender::wake);
			settings.onFetchFinished(this.sender::wake);
		}
	}

	@Override
	public boolean push(String customDimensionKey, String customDimensionValue, String userId) {
		Rejection rejection = DimensionValidator.checkUserId(userId);
		if (rejection == null) {
			rejection = DimensionValidator.checkEntry(customDimensionKey, customDimensionValue);
		}
		if (rejection != null) {
			reject(rejection, 1);
			return false;
		}
		PushReason dropped = enqueue(new QueuedPush(userId, new String[] { customDimensionKey },
				new String[] { customDimensionValue }, this.wallClock.getAsLong(), System.nanoTime(), null));
		return dropped == null || dropped == PushReason.DEV_MODE;
	}

	@Override
	public boolean push(String customDimensionKey, Number customDimensionValue, String userId) {
		return pushTyped(customDimensionKey, customDimensionValue, userId);
	}

	@Override
	public boolean push(String customDimensionKey, Boolean customDimensionValue, String userId) {
		return pushTyped(customDimensionKey, customDimensionValue, userId);
	}

	private boolean pushTyped(String key, @Nullable Object value, String userId) {
		Rejection rejection = DimensionValidator.checkUserId(userId);
		if (rejection == null) {
			rejection = DimensionValidator.checkKey(key);
		}
		if (rejection == null && value != null) {
			rejection = DimensionValidator.checkType(key, value);
		}
		String text = (rejection == null && value != null) ? ValueType.stringForm(value) : null;
		if (rejection == null) {
			rejection = DimensionValidator.checkValue(key, text);
		}
		if (rejection != null) {
			reject(rejection, 1);
			return false;
		}
		PushReason dropped = enqueue(new QueuedPush(userId, new String[] { key }, new String[] { text },
				new ValueType[] { ValueType.of(value) }, this.wallClock.getAsLong(), System.nanoTime(), null));
		return dropped == null || dropped == PushReason.DEV_MODE;
	}

	@Override
	public Map<String, Boolean> push(Map<String, ?> customDimensionMap, String userId) {
		return push(customDimensionMap, userId, null);
	}

	@Override
	public Map<String, Boolean> push(Map<String, ?> customDimensionMap, VwoVisitor visitor) {
		return (visitor != null) ? push(customDimensionMap, visitor.userId(), contextOf(visitor))
				: push(customDimensionMap, (String) null, null);
	}

	private Map<String, Boolean> push(Map<String, ?> customDimensionMap, @Nullable String userId,
			@Nullable VisitorContext visitor) {
		if (customDimensionMap == null) {
			return Collections.emptyMap();
		}
		MapEntries entries = MapEntries.read(customDimensionMap);
		if (entries.count() == 0 && entries.failure() == null) {
			return Collections.emptyMap();
		}
		Map<String, Boolean> results = new LinkedHashMap<>(Math.max(4, entries.count() * 2));
		QueuedPush push = accept(entries, userId, visitor, null, results, this.wallClock.getAsLong());
		if (push != null) {
			PushReason dropped = enqueue(push);
			if (dropped != null && dropped != PushReason.DEV_MODE) {
				for (String key : push.keys) {
					results.put(key, false);
				}
			}
		}
		return results;
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(String customDimensionKey, String customDimensionValue,
			String userId) {
		return pushAsync(Collections.singletonMap(customDimensionKey, customDimensionValue), userId);
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(String customDimensionKey, Number customDimensionValue,
			String userId) {
		return pushAsync(Collections.singletonMap(customDimensionKey, customDimensionValue), userId);
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(String customDimensionKey, Boolean customDimensionValue,
			String userId) {
		return pushAsync(Collections.singletonMap(customDimensionKey, customDimensionValue), userId);
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, String userId) {
		return submit(customDimensionMap, userId, null, this.wallClock.getAsLong());
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, VwoVisitor visitor) {
		return submit(customDimensionMap, visitor, this.wallClock.getAsLong());
	}

	@Override
	public CompletableFuture<PushResult> pushAsync(Map<String, ?> customDimensionMap, VwoVisitor visitor,
			Instant acceptedAt) {
		long now = this.wallClock.getAsLong();
		// A clock ahead elsewhere must not date an event in VWO's future.
		return submit(customDimensionMap, visitor, (acceptedAt != null) ? Math.min(acceptedAt.toEpochMilli(), now) : now);
	}

	private CompletableFuture<PushResult> submit(Map<String, ?> customDimensionMap, @Nullable VwoVisitor visitor,
			long acceptedAtMillis) {
		return (visitor != null) ? submit(customDimensionMap, visitor.userId(), contextOf(visitor), acceptedAtMillis)
				: submit(customDimensionMap, null, null, acceptedAtMillis);
	}

	private CompletableFuture<PushResult> submit(Map<String, ?> customDimensionMap, @Nullable String userId,
			@Nullable VisitorContext visitor, long acceptedAtMillis) {
		if (customDimensionMap == null) {
			return CompletableFuture.completedFuture(new PushResult(List.of()));
		}
		MapEntries entries = MapEntries.read(customDimensionMap);
		if (entries.count() == 0 && entries.failure() == null) {
			return CompletableFuture.completedFuture(new PushResult(List.of()));
		}
		DimensionResult[] results = new DimensionResult[Math.max(1, entries.count())];
		QueuedPush push = accept(entries, userId, visitor, results, null, acceptedAtMillis);
		if (push == null) {
			return CompletableFuture.completedFuture(new PushResult(List.of(results)));
		}
		PushReason dropped = enqueue(push);
		if (dropped != null) {
			String message = dropMessage(dropped);
			for (int i = 0; i < push.size(); i++) {
				// Still on the caller's thread, before anyone could attach a callback: complete it here.
				push.completion.finish(i, new DimensionResult(push.keys[i], dropped, message), Runnable::run);
			}
		}
		return push.completion.future;
	}

	/**
	 * Validate every entry; reject the invalid ones and build one queued push of the rest.
	 * Exactly one of {@code asyncResults} and {@code syncResults} is non-null.
	 * @return the push to queue, or {@code null} when nothing is valid
	 */
	private @Nullable QueuedPush accept(MapEntries entries, @Nullable String userId, @Nullable VisitorContext visitor,
			DimensionResult @Nullable [] asyncResults, @Nullable Map<String, Boolean> syncResults, long acceptedAtMillis) {
		int size = entries.count();
		Rejection common = (entries.failure() != null) ? unreadable(entries.failure())
				: DimensionValidator.checkUserId(userId);
		if (common == null) {
			common = DimensionValidator.checkVisitor(visitor);
		}
		if (size == 0) {
			// The map failed before its first entry: no key to name, but the push is still counted, once.
			reject(common, 1);
			if (asyncResults != null) {
				asyncResults[0] = new DimensionResult(null, common.reason(), common.message());
			}
			return null;
		}
		// The entries' arrays are ours alone: the valid ones are compacted in place (valid <= index).
		String[] keys = entries.keys();
		Object[] raw = entries.values();
		String[] values = new String[size];
		// Created at the first value that is not a String: a map of strings costs no type array.
		ValueType[] types = null;
		int[] slots = new int[size];
		int valid = 0;
		for (int index = 0; index < size; index++) {
			String key = keys[index];
			Object value = raw[index];
			Rejection rejection = (common != null) ? common : DimensionValidator.checkKey(key);
			String text = null;
			if (rejection == null) {
				if (value == null || value instanceof String) {
					text = (String) value;
				}
				else {
					rejection = DimensionValidator.checkType(key, value);
					text = (rejection == null) ? ValueType.stringForm(value) : null;
				}
			}
			if (rejection == null) {
				rejection = DimensionValidator.checkValue(key, text);
			}
			if (rejection != null) {
				reject(rejection, 1);
				if (asyncResults != null) {
					asyncResults[index] = new DimensionResult(key, rejection.reason(), rejection.message());
				}
			}
			else {
				ValueType type = ValueType.of(value);
				if (types == null && type != ValueType.STRING) {
					types = new ValueType[size];
					Arrays.fill(types, 0, valid, ValueType.STRING);
				}
				if (types != null) {
					types[valid] = type;
				}
				keys[valid] = key;
				values[valid] = text;
				slots[valid] = index;
				valid++;
			}
			if (syncResults != null) {
				syncResults.put(key, rejection == null);
			}
		}
		if (valid == 0) {
			return null;
		}
		if (keys.length != valid) {
			keys = Arrays.copyOf(keys, valid);
		}
		if (values.length != valid) {
			values = Arrays.copyOf(values, valid);
		}
		if (types != null && types.length != valid) {
			types = Arrays.copyOf(types, valid);
		}
		if (valid < size) {
			slots = Arrays.copyOf(slots, valid);
		}
		PushCompletion completion = (asyncResults != null) ? new PushCompletion(asyncResults, slots) : null;
		QueuedPush push = new QueuedPush(userId, keys, values, types, acceptedAtMillis, System.nanoTime(), completion);
		push.visitor = visitor;
		return push;
	}

	private static Rejection unreadable(RuntimeException failure) {
		return new Rejection(PushReason.UNREADABLE_MAP, "the map could not be read to the end ("
				+ failure.getClass().getSimpleName() + "); pass a map that no other thread modifies");
	}

	/**
	 * Count the push as accepted and queue it.
	 * @return {@code null} when queued, else why it was dropped (already counted)
	 */
	private @Nullable PushReason enqueue(QueuedPush push) {
		int size = push.size();
		this.counters.accepted(size);
		if (this.config.devMode()) {
			this.listener.dimensionsFinished(PushReason.DEV_MODE, size);
			return PushReason.DEV_MODE;
		}
		PushQueue.Offer offer = this.queue.offer(push);
		if (offer == PushQueue.Offer.ACCEPTED) {
			return null;
		}
		PushReason reason = (offer == PushQueue.Offer.FULL) ? PushReason.QUEUE_FULL : PushReason.SHUTDOWN;
		this.listener.dimensionsFinished(reason, size);
		this.rejectionLog.warn(reason, size, () -> dropMessage(reason));
		return reason;
	}

	private String dropMessage(PushReason reason) {
		return switch (reason) {
			case QUEUE_FULL -> "the queue is full (vwo.queue.capacity=" + this.queue.capacity()
					+ " dimensions, vwo.queue.max-size=" + this.queue.maxBytes() + " bytes)";
			case DEV_MODE -> "development mode (vwo.dev-mode=true) sends nothing";
			default -> "the push service is shut down";
		};
	}

	/**
	 * Count and log (rate-limited) a dimension rejected before it could be pushed, for
	 * example because its {@code @VwoDimension} expression failed.
	 * @param key the custom dimension key
	 * @param reason a reason whose outcome is {@link io.github.vwopush.PushOutcome#REJECTED}
	 * @param message what went wrong; must not contain the user id
	 */
	@Override
	public void reject(String key, PushReason reason, String message) {
		reject(new Rejection(reason, message), 1);
	}

	private void reject(Rejection rejection, int count) {
		this.listener.dimensionsFinished(rejection.reason(), count);
		this.rejectionLog.warn(rejection.reason(), count, rejection::message);
	}

	@Override
	public boolean flush(Duration timeout) {
		PushSender current = this.sender;
		if (current == null || !current.isStarted()) {
			return this.queue.held() == 0;
		}
		FlushBarrier barrier = new FlushBarrier();
		if (!this.queue.offer(barrier)) {
			// Shutting down: everything accepted reaches its final outcome when the sender ends.
			return current.awaitTermination(timeout) && this.queue.held() == 0;
		}
		current.wake();
		try {
			return barrier.released.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * The service's exact counts.
	 * @return the counters
	 */
	public PushCounters counters() {
		return this.counters;
	}

	/**
	 * What the last requests to VWO said.
	 * @return the delivery status
	 */
	public DeliveryStatus status() {
		return this.status;
	}

	/**
	 * Dimensions accepted and not yet at their final outcome.
	 * @return queued plus in-flight dimensions
	 */
	public int pending() {
		return this.queue.held();
	}

	/**
	 * How long the oldest dimension held in memory and not yet final has waited: during an
	 * outage, how long VWO has been unreachable for the dimensions at the head of the line.
	 * @return the age, or {@code null} when nothing is pending
	 */
	public @Nullable Duration oldestPendingAge() {
		if (this.sender == null || this.queue.held() == 0) {
			return null;
		}
		long oldest = this.sender.oldestPendingNanos();
		QueuedPush waiting = this.queue.peekPush();
		if (waiting != null) {
			oldest = Math.min(oldest, waiting.acceptedAtNanos);
		}
		return (oldest != PushSender.NONE_PENDING) ? Duration.ofNanos(Math.max(0, System.nanoTime() - oldest)) : null;
	}

	/**
	 * Dimensions waiting in the queue.
	 * @return the queue size
	 */
	public int queueSize() {
		return this.queue.size();
	}

	/**
	 * Approximate heap held by accepted dimensions that are not yet final.
	 * @return bytes
	 */
	public long queueBytes() {
		return this.queue.bytes();
	}

	/**
	 * Dimensions kept on disk only (the spool's parked backlog), or 0 without a spool.
	 * @return the count
	 */
	public long spooledDimensions() {
		return (this.sender != null) ? this.sender.parkedDimensions() : 0;
	}

	/**
	 * Bytes the disk spool uses, or 0 without a spool.
	 * @return the size
	 */
	public long spoolBytes() {
		return (this.sender != null) ? this.sender.spoolBytes() : 0;
	}

	/**
	 * Requests to VWO's push endpoints in flight now, or 0 when nothing is sent.
	 * @return the requests in flight
	 */
	public int requestsInFlight() {
		return (this.http != null) ? this.http.requestsInFlight() : 0;
	}

	/**
	 * The settings file's state, or {@code null} in development mode.
	 * @return the snapshot
	 */
	public @Nullable SettingsSnapshot settings() {
		return (this.settings != null) ? this.settings.snapshot() : null;
	}

	/**
	 * The VWO platform the account is on.
	 * @return the platform
	 */
	public Platform platform() {
		return this.platform;
	}

	/**
	 * How the service delivers.
	 * @return the configuration
	 */
	public DeliveryConfig config() {
		return this.config;
	}

	@Override
	public void start() {
		synchronized (this.lifecycleMonitor) {
			if (this.running || this.stopped) {
				return;
			}
			if (this.sender != null) {
				this.sender.start();
			}
			this.running = true;
		}
	}

	@Override
	public void stop() {
		shutDown(false, this.config.shutdownTimeout());
	}

	@Override
	public boolean stop(Duration deadline) {
		return shutDown(false, deadline);
	}

	@Override
	public VwoPushState state() {
		return this.state;
	}

	@Override
	public Configuration configuration() {
		DeliveryConfig.Spool spool = this.config.spool();
		return new Configuration(VwoPlatform.valueOf(this.platform.name()),
				VwoTransport.valueOf(this.config.transport().name()), this.config.devMode(), this.config.maxEvents(),
				this.config.linger(), this.config.maxInFlight(), this.config.queueCapacity(),
				this.config.queueMaxBytes(), this.config.shutdownTimeout(), (spool != null) ? spool.directory() : null,
				(spool != null) ? spool.maxBytes() : 0, (spool != null) ? spool.syncInterval() : null);
	}

	/**
	 * Stop as {@code kill -9} would: the sender ends where it is, nothing it holds is
	 * settled (futures stay incomplete, nothing is counted or acknowledged) and the spool's
	 * directory is left as a killed process leaves it, ready to be reopened. For tests of
	 * crash recovery only.
	 */
	void crash() {
		shutDown(true, this.config.shutdownTimeout());
	}

	private boolean shutDown(boolean crash, Duration deadline) {
		synchronized (this.lifecycleMonitor) {
			if (this.stopped && !crash) {
				return this.sender == null || this.sender.awaitTermination(Duration.ZERO);
			}
			boolean inTime = true;
			this.stopped = true;
			this.running = false;
			this.queue.close();
			if (this.settings != null) {
				// No settings fetch may hold the HTTP client (or wake the sender) during the drain.
				this.settings.close();
			}
			if (this.sender != null && crash) {
				this.sender.crash();
			}
			else if (this.sender != null && !this.sender.stop(deadline)) {
				inTime = false;
				logger.warn("VWO push sender did not stop within vwo.shutdown.timeout");
			}
			if (this.callbacks != null && !this.callbacks.close(CALLBACKS_GRACE) && !crash) {
				logger.warn("pushAsync callbacks were still running {} after shutdown", CALLBACKS_GRACE);
			}
			if (this.http != null) {
				this.http.close();
			}
			return inTime;
		}
	}

	/**
	 * The context, web server included, is up: the sender may now fetch VWO's settings file
	 * without waiting for the first push.
	 */
	@Override
	public void onApplicationEvent(ContextRefreshedEvent event) {
		if (this.sender != null) {
			this.sender.applicationReady();
		}
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		return PHASE;
	}

	@Override
	public void close() {
		stop();
	}

	/** What goes on the wire besides the visitor's id, or {@code null} when there is none. */
	private static @Nullable VisitorContext contextOf(VwoVisitor visitor) {
		if (visitor.sessionId() == null && visitor.userAgent() == null && visitor.ipAddress() == null) {
			return null;
		}
		return new VisitorContext(visitor.sessionId(), visitor.userAgent(), visitor.ipAddress());
	}

}
