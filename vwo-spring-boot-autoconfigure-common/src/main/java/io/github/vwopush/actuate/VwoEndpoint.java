package io.github.vwopush.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushState;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code vwo} Actuator endpoint: the effective configuration (SDK key masked), the
 * exact counts per outcome and reason, the queue, what other modules add
 * ({@link VwoEndpointContributor}); and a {@code flush} write operation.
 */
@Endpoint(id = "vwo")
public class VwoEndpoint {

	private static final Duration DEFAULT_FLUSH_TIMEOUT = Duration.ofSeconds(10);

	private final VwoPushEngine engine;

	private final VwoPushState state;

	private final Map<String, Object> configuration;

	private final List<VwoEndpointContributor> contributors;

	/**
	 * Create the endpoint.
	 * @param engine the push engine
	 * @param configuration the effective configuration, with no secret in it
	 */
	public VwoEndpoint(VwoPushEngine engine, Map<String, Object> configuration) {
		this(engine, configuration, List.of());
	}

	/**
	 * Create the endpoint with parts other modules add.
	 * @param engine the push engine
	 * @param configuration the effective configuration, with no secret in it
	 * @param contributors the parts of {@code extensions}, in this order
	 */
	public VwoEndpoint(VwoPushEngine engine, Map<String, Object> configuration,
			List<VwoEndpointContributor> contributors) {
		this.engine = engine;
		this.state = engine.state();
		this.configuration = Map.copyOf(configuration);
		this.contributors = List.copyOf(contributors);
	}

	/**
	 * The push service's state.
	 * @return configuration, counts and queue
	 */
	@ReadOperation
	public VwoDescriptor vwo() {
		Map<String, Object> extensions = new LinkedHashMap<>();
		for (VwoEndpointContributor contributor : this.contributors) {
			extensions.put(contributor.name(), contributor.describe());
		}
		return new VwoDescriptor(this.configuration, CountsDescriptor.of(this.state), queue(), delivery(),
				this.state.settings(), extensions);
	}

	/**
	 * Wait until everything accepted so far has its final outcome.
	 * @param timeout how long to wait at most (default 10s)
	 * @return whether it finished in time, and the counts after it
	 */
	// Spring Boot 3.5's Actuator reads only Spring's own @Nullable to make a parameter optional; 4 reads JSpecify's too.
	@WriteOperation
	public FlushDescriptor flush(@org.springframework.lang.Nullable @Nullable Duration timeout) {
		boolean flushed = this.engine.flush((timeout != null) ? timeout : DEFAULT_FLUSH_TIMEOUT);
		return new FlushDescriptor(flushed, CountsDescriptor.of(this.state), queue());
	}

	private QueueDescriptor queue() {
		return new QueueDescriptor(this.state.queueSize(), this.engine.configuration().queueCapacity(),
				this.state.pending(), this.state.queueBytes(), this.state.spooledDimensions(), this.state.spoolBytes(),
				this.state.oldestPendingAge());
	}

	private DeliveryDescriptor delivery() {
		return new DeliveryDescriptor(this.state.lastSuccess(), this.state.lastFailure(), this.state.lastError());
	}

	/**
	 * The read operation's response.
	 *
	 * @param configuration the effective configuration, SDK key masked
	 * @param counts the exact counts
	 * @param queue the queue
	 * @param delivery the last request outcomes
	 * @param settings the settings file's state, or {@code null} in development mode
	 * @param extensions the parts other modules add, by name (the Kafka relay's, for example)
	 */
	public record VwoDescriptor(Map<String, Object> configuration, CountsDescriptor counts, QueueDescriptor queue,
			DeliveryDescriptor delivery, VwoPushState.@Nullable Settings settings,
			Map<String, Object> extensions) implements OperationResponseBody {
	}

	/**
	 * The write operation's response.
	 *
	 * @param flushed whether everything accepted before the call reached its final outcome
	 * @param counts the counts after the flush
	 * @param queue the queue after the flush
	 */
	public record FlushDescriptor(boolean flushed, CountsDescriptor counts, QueueDescriptor queue)
			implements OperationResponseBody {
	}

	/**
	 * Exact counts: {@code accepted + recovered = success + failure + dropped + spooled +
	 * pending + parked}; rejected dimensions were never accepted.
	 *
	 * @param accepted valid dimensions handed to the service
	 * @param recovered dimensions a previous run left in the spool
	 * @param results dimensions per final result
	 * @param reasons non-zero counts per result and reason
	 */
	public record CountsDescriptor(long accepted, long recovered, Map<String, Long> results,
			Map<String, Map<String, Long>> reasons) {

		static CountsDescriptor of(VwoPushState counters) {
			Map<String, Long> byResult = new LinkedHashMap<>();
			for (PushOutcome outcome : PushOutcome.values()) {
				byResult.put(outcome.tagValue(), counters.count(outcome));
			}
			Map<String, Map<String, Long>> byReason = new LinkedHashMap<>();
			for (Map.Entry<PushReason, Long> entry : counters.byReason().entrySet()) {
				byReason.computeIfAbsent(entry.getKey().outcome().tagValue(), (k) -> new LinkedHashMap<>())
					.put(entry.getKey().tagValue(), entry.getValue());
			}
			return new CountsDescriptor(counters.accepted(), counters.recovered(), byResult, byReason);
		}

	}

	/**
	 * The queue and the spool.
	 *
	 * @param size dimensions waiting
	 * @param capacity most dimensions held in memory
	 * @param pending dimensions in memory, accepted and not yet final (queued or in flight)
	 * @param bytes estimated heap the pending dimensions hold
	 * @param parked dimensions kept on disk only (spool)
	 * @param spoolBytes disk space the spool uses
	 * @param oldestPendingAge how long the oldest pending dimension in memory has waited, or
	 * {@code null} when none is pending
	 */
	public record QueueDescriptor(int size, int capacity, int pending, long bytes, long parked, long spoolBytes,
			@Nullable Duration oldestPendingAge) {
	}

	/**
	 * The last request outcomes.
	 *
	 * @param lastSuccess when VWO last answered 2xx
	 * @param lastFailure when a request last failed
	 * @param lastError the last failure (status or exception class)
	 */
	public record DeliveryDescriptor(@Nullable Instant lastSuccess, @Nullable Instant lastFailure,
			@Nullable String lastError) {
	}

}
