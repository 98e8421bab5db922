package io.github.vwopush.internal.delivery;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.SdkIdentity;
import io.github.vwopush.internal.protocol.Transport;
import org.jspecify.annotations.Nullable;

import org.springframework.web.reactive.function.client.WebClient;

/**
 * The real engine, assembled as the auto-configuration assembles it, with backoffs and
 * lingers scaled down so that tests of retries and outages run in milliseconds.
 */
final class TestEngine {

	static final long ACCOUNT_ID = 123456;

	static final String SDK_KEY = "feedfacecafebeef0123456789abcdef";

	private final String baseUrl;

	private int maxEvents = 100;

	private int maxInFlight = 16;

	private int queueCapacity = 100_000;

	private Duration responseTimeout = Duration.ofSeconds(2);

	private Duration shutdownTimeout = Duration.ofSeconds(5);

	private @Nullable Path spool;

	private RacePoints races = RacePoints.NONE;

	private TestEngine(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	static TestEngine against(String baseUrl) {
		return new TestEngine(baseUrl);
	}

	TestEngine maxEvents(int maxEvents) {
		this.maxEvents = maxEvents;
		return this;
	}

	TestEngine maxInFlight(int maxInFlight) {
		this.maxInFlight = maxInFlight;
		return this;
	}

	TestEngine queueCapacity(int queueCapacity) {
		this.queueCapacity = queueCapacity;
		return this;
	}

	TestEngine responseTimeout(Duration responseTimeout) {
		this.responseTimeout = responseTimeout;
		return this;
	}

	TestEngine shutdownTimeout(Duration shutdownTimeout) {
		this.shutdownTimeout = shutdownTimeout;
		return this;
	}

	TestEngine spool(Path directory) {
		this.spool = directory;
		return this;
	}

	/** Where a thread of the engine may be held, to widen a race. */
	TestEngine races(RacePoints races) {
		this.races = races;
		return this;
	}

	/** A started engine: {@code stop()} or {@code crash()} it. */
	DefaultVwoPushService start() {
		DeliveryConfig.Spool spooling = (this.spool != null)
				? new DeliveryConfig.Spool(this.spool, 512L * 1024 * 1024, Duration.ofMillis(5)) : null;
		DeliveryConfig config = new DeliveryConfig(Transport.BATCH, this.maxEvents, Duration.ofMillis(5),
				this.maxInFlight, this.queueCapacity, 64L * 1024 * 1024, this.shutdownTimeout, false,
				Duration.ofMinutes(1), spooling);
		RetryPolicy retry = new RetryPolicy(Duration.ofSeconds(30), 0, Duration.ofMillis(2), Duration.ofMillis(20),
				Duration.ofMillis(50));
		PushWireFormat wire = new PushWireFormat(URI.create(this.baseUrl), ACCOUNT_ID, SDK_KEY, SdkIdentity.current());
		VwoHttpClient http = new VwoHttpClient(WebClient.builder(), Duration.ofSeconds(1), this.responseTimeout,
				this.maxInFlight + 1);
		DefaultVwoPushService service = new DefaultVwoPushService(config, retry, wire, ACCOUNT_ID, http,
				new io.github.vwopush.internal.settings.SettingsRefresher(wire, http, Duration.ofMinutes(10), null), List.of(),
				System::currentTimeMillis, SpoolOpener.FILES, this.races);
		service.start();
		return service;
	}

}
