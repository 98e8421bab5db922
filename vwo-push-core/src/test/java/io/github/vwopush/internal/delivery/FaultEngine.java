package io.github.vwopush.internal.delivery;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.HttpUrl;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import io.github.vwopush.internal.settings.SettingsRefresher;
import io.github.vwopush.internal.spool.FailingSpools;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * One instance of the real engine, built as the auto-configuration builds it but with
 * time scaled down (milliseconds of linger and backoff, a capped {@code Retry-After}), so
 * that hundreds of scenarios run in minutes. The application's WebClient gets a filter
 * that records any visitor header it is shown: filters must see the request redacted.
 */
final class FaultEngine {

	final int index;

	final DefaultVwoPushService service;

	final ScriptedCollector.Script collector;

	/** Visitor headers the application's WebClient filters were shown. */
	final Queue<String> shownToFilters = new ConcurrentLinkedQueue<>();

	boolean crashed;

	/**
	 * When the engine's HTTP client had each 2xx, by the collector's request number: under
	 * load it can lag behind the collector's answer, and an answer that had not reached the
	 * engine at the shutdown deadline is not the engine's to settle.
	 */
	final Map<Integer, Long> answersReceived = new ConcurrentHashMap<>();

	/**
	 * Requests the sender is slow to send, a few: the application's WebClient filter runs on
	 * the sender thread and takes its time (a blocking token fetch, say), so that answers
	 * that arrive meanwhile wait unsettled while the shutdown deadline passes.
	 */
	final AtomicInteger slowSends = new AtomicInteger();

	/** How long each slow send takes. */
	volatile long slowSendMillis;

	boolean stopped;

	/**
	 * While set, a producer is held for up to a few milliseconds, every other time, where
	 * its push is already in the queue and its offer has not returned: the sender takes the
	 * push meanwhile, and the queue's counts and wake-up must still be right.
	 */
	volatile boolean racing;

	FaultEngine(int index, Scenario scenario, long accountId, ScriptedCollector server,
			ScriptedCollector.Script collector, @Nullable Path spool) {
		this.index = index;
		this.collector = collector;
		DeliveryConfig config = new DeliveryConfig(scenario.transport, scenario.maxEvents, scenario.linger,
				scenario.maxInFlight, scenario.queueCapacity, 64L * 1024 * 1024, scenario.shutdownTimeout, false,
				Duration.ofMinutes(1),
				(spool != null) ? new DeliveryConfig.Spool(spool, 64L * 1024 * 1024, scenario.syncInterval) : null);
		RetryPolicy retry = new RetryPolicy(scenario.maxElapsed, 0, scenario.initialBackoff, scenario.maxBackoff,
				scenario.maxRetryAfter);
		PushWireFormat wire = new PushWireFormat(HttpUrl.parse(server.baseUrl().toString()), accountId, ScriptedCollector.SDK_KEY,
				SdkIdentity.current(), scenario.platform, false);
		WebClient.Builder builder = WebClient.builder().filter((request, next) -> {
			if (this.slowSends.getAndUpdate((left) -> Math.max(0, left - 1)) > 0) {
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(this.slowSendMillis));
			}
			for (String header : List.of("X-Device-User-Agent", "VWO-X-Forwarded-For")) {
				String shown = request.headers().getFirst(header);
				if (shown != null && !shown.equals(io.github.vwopush.internal.protocol.WireRequest.REDACTED)) {
					this.shownToFilters.add(header);
				}
			}
			ClientRequest marked = ClientRequest.from(request)
				.header(ScriptedCollector.ENGINE_HEADER, Integer.toString(index))
				.build();
			return next.exchange(marked).doOnNext((response) -> {
				String answered = response.headers().asHttpHeaders().getFirst(ScriptedCollector.REQUEST_HEADER);
				if (answered != null) {
					this.answersReceived.putIfAbsent(Integer.parseInt(answered), System.nanoTime());
				}
			});
		});
		VwoHttpClient http = new VwoHttpClient(builder, Duration.ofMillis(500),
				Duration.ofMillis(scenario.responseTimeoutMillis), scenario.maxInFlight + 1);
		SettingsRefresher settings = new SettingsRefresher(wire, http, scenario.settingsInterval, null);
		// The first engine's disk fills up when the scenario says so (the next one's has room again).
		SpoolOpener disk = (index == 0 && scenario.diskFullAfterBytes >= 0)
				? (directory, maxBytes) -> FailingSpools.fullAfter(directory, maxBytes, scenario.diskFullAfterBytes)
				: SpoolOpener.FILES;
		this.service = new DefaultVwoPushService(config, retry, wire, accountId, http, settings,
				List.of(), System::currentTimeMillis, disk, this::hold);
		this.service.start();
	}

	/**
	 * Once set, the sender is held after its next request until this monotonic time: the
	 * request's answer arrives and waits unsettled while the shutdown deadline passes.
	 */
	final AtomicLong holdSenderUntil = new AtomicLong();

	/** Whether the sender was held so, for {@code -Dvwo.faults.verbose}. */
	volatile boolean senderHeld;

	private void hold(RacePoints.Point point) {
		ThreadLocalRandom random = ThreadLocalRandom.current();
		if (point == RacePoints.Point.PUSH_VISIBLE && this.racing && random.nextBoolean()) {
			LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200 + random.nextInt(3000)));
		}
		long until = (point == RacePoints.Point.REQUEST_SENT) ? this.holdSenderUntil.getAndSet(0) : 0;
		if (until != 0) {
			this.senderHeld = true;
			// An answer or stop() unparks the sender: it stays held all the same.
			for (long left = until - System.nanoTime(); left > 0; left = until - System.nanoTime()) {
				LockSupport.parkNanos(left);
			}
		}
	}

	void stop() {
		this.stopped = true;
		this.service.stop();
	}

	void crash() {
		this.crashed = true;
		this.service.crash();
	}

}
