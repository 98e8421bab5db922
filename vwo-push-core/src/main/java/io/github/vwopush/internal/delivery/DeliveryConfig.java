package io.github.vwopush.internal.delivery;

import java.nio.file.Path;
import java.time.Duration;

import io.github.vwopush.internal.protocol.Transport;
import org.jspecify.annotations.Nullable;

/**
 * How the engine delivers: the settled form of the {@code vwo.*} properties.
 *
 * @param transport the endpoint that carries push events
 * @param maxEvents dimensions per batch request, 1 to 5000
 * @param linger how long the oldest queued dimension may wait for a batch to fill
 * @param maxInFlight requests in flight at most: the largest the window grows while VWO
 * answers
 * @param queueCapacity dimensions held in memory at most
 * @param queueMaxBytes approximate heap the queued dimensions may hold at most
 * @param shutdownTimeout how long shutdown may spend delivering what is queued
 * @param devMode validate and count, send nothing
 * @param logInterval how often one failure reason may be logged
 * @param spool the disk spool, or {@code null} when it is off
 */
public record DeliveryConfig(Transport transport, int maxEvents, Duration linger, int maxInFlight,
		int queueCapacity, long queueMaxBytes,
		Duration shutdownTimeout, boolean devMode, Duration logInterval, @Nullable Spool spool) {

	/**
	 * The disk spool's settings.
	 *
	 * @param directory where the segment files live
	 * @param maxBytes most bytes on disk
	 * @param syncInterval longest time between a push and its {@code fsync}: what a crash
	 * may lose
	 */
	public record Spool(Path directory, long maxBytes, Duration syncInterval) {
	}

}
