package io.github.vwopush.kafka;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import io.github.vwopush.DimensionResult;
import io.github.vwopush.PushOutcome;
import io.github.vwopush.PushReason;
import io.github.vwopush.PushResult;
import io.github.vwopush.VwoCredentials;
import io.github.vwopush.VwoPlatform;
import io.github.vwopush.VwoPushEngine;
import io.github.vwopush.VwoPushState;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.listener.BatchAcknowledgingConsumerAwareMessageListener;
import org.springframework.kafka.listener.CommonContainerStoppingErrorHandler;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.support.Acknowledgment;

/**
 * The relay: a consumer group that delivers the topic's records to VWO through its own engine
 * (batching, the window of requests in flight, retries, {@code Retry-After} and poison
 * isolation are the engine's), at least once.
 * <p>
 * Each poll's records are pushed in their order; then the relay waits, in that order, for
 * each record's outcome. A record is final when VWO accepted it or when it is in the
 * dead-letter topic (VWO refused it for good, or it could not be read), with the reason in
 * the {@value #REASON_HEADER} header. The offsets of the final records before the first that
 * is not are committed; that one and the records after it are read again after
 * {@code vwo.kafka.relay.redelivery-backoff}. So an offset is never committed before VWO
 * answered for every record up to it, and a relay that dies loses nothing: another member of
 * the group reads the uncommitted records again (VWO may then see some twice).
 * <p>
 * A record read again while its earlier push is still in the engine (VWO did not answer
 * within {@code vwo.kafka.relay.answer-timeout}) waits for that push rather than pushing it
 * again, so an outage does not fill the engine's queue with copies.
 * <p>
 * A partition given up in a rebalance while its pushes are still in the engine (VWO failing
 * or slow) takes the engine with it: the engine cannot withdraw a push, and one it went on
 * retrying would reach VWO after the new owner, which reads the same records again, had
 * delivered newer values of their keys. So the engine is stopped before the partition is
 * given up (what it held ends dropped and is read again, by the new owner or by this relay)
 * and a new one takes its place.
 */
final class KafkaRelay implements SmartLifecycle {

	private static final Logger logger = LoggerFactory.getLogger(KafkaRelay.class);

	/** The dead-letter record's header that says why it is there. */
	static final String REASON_HEADER = "vwo-dlt-reason";

	static final String TOPIC_HEADER = "vwo-dlt-original-topic";

	static final String PARTITION_HEADER = "vwo-dlt-original-partition";

	static final String OFFSET_HEADER = "vwo-dlt-original-offset";

	private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(30);

	/** The relay's engine retries until VWO answers: longer than any topic's retention keeps a record. */
	static final Duration RETRY_MAX_ELAPSED = Duration.ofDays(365);

	private static final long WAIT_SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** The consumer coordinator's metric of the time since its last heartbeat, in seconds. */
	private static final String HEARTBEAT_METRIC = "last-heartbeat-seconds-ago";

	/** session.timeout.ms's default since Kafka 3.0 (not public in kafka-clients 3.9). */
	private static final long KAFKA_DEFAULT_SESSION_TIMEOUT_MS = 45_000;

	/** Makes the relay's engines: the first, and one for each engine stopped in a rebalance. */
	private final Supplier<VwoPushEngine> engines;

	/** The engine pushes go to now; replaced (under {@link #lifecycle}) when a rebalance stops it. */
	private volatile VwoPushEngine engine;

	/** Guards {@link #running} against an engine replacement: a stopping relay starts no new engine. */
	private final Object lifecycle = new Object();

	/** The final counts of the engines stopped in rebalances, by reason (under {@link #lifecycle}). */
	private final Map<PushReason, Long> retired = new EnumMap<>(PushReason.class);

	private final long accountId;

	private final VwoPlatform platform;

	private final VwoKafkaProperties properties;

	private final ConcurrentMessageListenerContainer<byte[], byte[]> container;

	private final DefaultKafkaProducerFactory<byte[], byte[]> deadLetterProducers;

	private final Producer<byte[], byte[]> deadLetters;

	/** Pushes still in the engine, by record: a record read again waits for its push instead of pushing again. */
	private final Map<Coordinates, CompletableFuture<PushResult>> inEngine = new ConcurrentHashMap<>();

	private final Duration engineStopTimeout;

	private final RelayProgress progress = new RelayProgress();

	private volatile boolean running;

	private volatile long startedAtNanos;

	/** How long the group may go without this relay's heartbeat before it counts as gone: session.timeout.ms. */
	private final Duration sessionTimeout;

	KafkaRelay(Supplier<VwoPushEngine> engines, long accountId, VwoPlatform platform, VwoKafkaProperties properties,
			ConsumerFactory<byte[], byte[]> consumers, DefaultKafkaProducerFactory<byte[], byte[]> producers) {
		this.engines = engines;
		VwoPushEngine engine = engines.get();
		this.engine = engine;
		this.accountId = accountId;
		this.platform = platform;
		this.properties = properties;
		this.engineStopTimeout = engine.configuration().shutdownTimeout();
		Object session = consumers.getConfigurationProperties().get(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG);
		this.sessionTimeout = Duration.ofMillis((session != null) ? Long.parseLong(session.toString())
				: KAFKA_DEFAULT_SESSION_TIMEOUT_MS);
		this.deadLetterProducers = producers;
		this.deadLetters = producers.createProducer();
		ContainerProperties container = new ContainerProperties(properties.getTopic());
		container.setAckMode(ContainerProperties.AckMode.MANUAL);
		// A nack's pause is slept in polls of the poll timeout (5 s by default): records not yet final would wait
		// that long, whatever vwo.kafka.relay.redelivery-backoff says. So polls last no longer than the backoff.
		container.setPollTimeout(pollTimeout(properties.getRelay().getRedeliveryBackoff()).toMillis());
		container.setMessageListener((BatchAcknowledgingConsumerAwareMessageListener<byte[], byte[]>) this::relay);
		container.setConsumerRebalanceListener(new ConsumerRebalanceListener() {

			@Override
			public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
				forget(partitions);
			}

			@Override
			public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
			}

			@Override
			public void onPartitionsLost(Collection<TopicPartition> partitions) {
				forget(partitions);
			}

		});
		this.container = new ConcurrentMessageListenerContainer<>(consumers, container);
		this.container.setConcurrency(properties.getRelay().getConcurrency());
		this.container.setBeanName("vwoKafkaRelay");
		// An Error out of the listener (the listener itself reads RuntimeExceptions again) stops the relay rather
		// than letting the default handler skip the poll and commit it; its health then says DOWN.
		this.container.setCommonErrorHandler(new CommonContainerStoppingErrorHandler());
	}

	/** As long as the redelivery backoff, within 50 ms (not to poll an idle broker in a loop) and 5 s. */
	static Duration pollTimeout(Duration redeliveryBackoff) {
		Duration atLeast = Duration.ofMillis(50);
		Duration atMost = Duration.ofSeconds(5);
		return (redeliveryBackoff.compareTo(atLeast) < 0) ? atLeast
				: (redeliveryBackoff.compareTo(atMost) > 0) ? atMost : redeliveryBackoff;
	}

	/**
	 * Another member of the group owns these now: their records are its to push again. None
	 * of this relay's pushes of them may reach VWO from here on, so an engine that still holds
	 * one is stopped first (on the consumer's thread, before the partitions are given up).
	 */
	private void forget(Collection<TopicPartition> partitions) {
		Set<TopicPartition> gone = Set.copyOf(partitions);
		boolean stillInEngine = this.inEngine.entrySet()
			.stream()
			.anyMatch((entry) -> gone.contains(entry.getKey().partition()) && !entry.getValue().isDone());
		if (stillInEngine) {
			replaceEngine();
		}
		this.inEngine.keySet().removeIf((coordinates) -> gone.contains(coordinates.partition()));
		this.progress.forget(gone);
	}

	/**
	 * Stop the engine at once (its pushes end dropped, none is sent again) and, unless the
	 * relay is stopping, start a new one. Every push the relay tracked was the old engine's:
	 * their records are read again and pushed to the new one.
	 */
	private void replaceEngine() {
		VwoPushEngine old;
		synchronized (this.lifecycle) {
			old = this.engine;
			if (this.running) {
				old.stop(Duration.ZERO);
				old.state().byReason().forEach((reason, count) -> this.retired.merge(reason, count, Long::sum));
				this.inEngine.clear();
				VwoPushEngine fresh = this.engines.get();
				fresh.start();
				this.engine = fresh;
				logger.info("The VWO Kafka relay gave up partitions whose records were still in its engine: "
						+ "stopped it and started another (those records are read again)");
				return;
			}
		}
		// Stopping: stop() stops this engine, as gracefully; the partitions are given up once it has.
		old.stop(this.engineStopTimeout);
	}

	private void relay(List<ConsumerRecord<byte[], byte[]>> records, Acknowledgment ack, Consumer<?, ?> consumer) {
		int index = 0;
		// Records from here on are not committed: read again.
		int readAgainFrom = records.size();
		try {
			List<Verdict> verdicts = new ArrayList<>(records.size());
			for (ConsumerRecord<byte[], byte[]> record : records) {
				Verdict verdict = start(record);
				verdicts.add(verdict);
				if (verdict.droppedAtOnce()) {
					// The engine's queue is full: no later record may go before this one, which is read again.
					break;
				}
			}
			// The poll is the batch: send it now rather than after the engine's linger, waiting for records that cannot
			// come before this poll is answered (a barrier behind the poll's pushes; this thread does not wait on it).
			this.engine.flush(Duration.ZERO);
			long deadline = System.nanoTime() + this.properties.getRelay().getAnswerTimeout().toNanos();
			for (; index < verdicts.size(); index++) {
				ConsumerRecord<byte[], byte[]> record = records.get(index);
				Verdict verdict = verdicts.get(index).await(deadline);
				if (verdict.deadLetterReason != null) {
					deadLetter(record, verdict.deadLetterReason);
					this.progress.deadLettered();
				}
				else if (!verdict.delivered) {
					readAgainFrom = index;
					ack.nack(index, this.properties.getRelay().getRedeliveryBackoff());
					return;
				}
				else {
					this.progress.delivered();
				}
				this.inEngine.remove(Coordinates.of(record));
			}
			ack.acknowledge();
		}
		catch (RuntimeException ex) {
			// Nothing from here on is committed: read again, never skipped. (Past the last record, only the
			// acknowledgement failed: the whole poll is read again.)
			int from = (index < records.size()) ? index : 0;
			readAgainFrom = from;
			ConsumerRecord<byte[], byte[]> first = records.get(from);
			logger.warn("The VWO Kafka relay reads records again from {}-{} offset {}: {}", first.topic(),
					first.partition(), first.offset(), ex.getClass().getSimpleName());
			ack.nack(from, this.properties.getRelay().getRedeliveryBackoff());
		}
		finally {
			updateLag(consumer, records.subList(readAgainFrom, records.size()));
		}
	}

	/** Behind each partition's position, plus what this poll leaves to be read again; never fails the poll. */
	private void updateLag(Consumer<?, ?> consumer, List<ConsumerRecord<byte[], byte[]>> readAgain) {
		this.progress.readAgain(readAgain.size());
		try {
			for (TopicPartition partition : consumer.assignment()) {
				long behind = consumer.currentLag(partition).orElse(0);
				long again = readAgain.stream()
					.filter((record) -> record.partition() == partition.partition()
							&& record.topic().equals(partition.topic()))
					.count();
				this.progress.lag(partition, behind + again);
			}
		}
		catch (RuntimeException ex) {
			logger.debug("Cannot read the VWO Kafka relay's consumer lag", ex);
		}
	}

	/** What this relay did with the records it read, and its lag: for its meters and health. */
	RelayProgress progress() {
		return this.progress;
	}

	/** Push a record, or find its push still in the engine; a record that cannot be pushed is dead at once. */
	private Verdict start(ConsumerRecord<byte[], byte[]> record) {
		Coordinates coordinates = Coordinates.of(record);
		CompletableFuture<PushResult> earlier = this.inEngine.get(coordinates);
		if (earlier != null) {
			return new Verdict(this, coordinates, earlier);
		}
		DimensionRecord dimension;
		Object value;
		try {
			dimension = DimensionRecord.read(record.value());
			value = dimension.typedValue();
		}
		catch (DimensionRecord.UnreadableRecordException ex) {
			return Verdict.dead("unreadable: " + ex.getMessage());
		}
		if (dimension.accountId() != this.accountId || dimension.platform() != this.platform) {
			return Verdict.dead("for account " + dimension.accountId() + " on " + dimension.platform().tagValue()
					+ ", this relay delivers for account " + this.accountId + " on " + this.platform.tagValue());
		}
		// VWO's event time is when the producing instance accepted it, not when the relay got to it.
		CompletableFuture<PushResult> pushed = this.engine.pushAsync(Map.of(dimension.dimension().key(), value),
				dimension.dimension().visitor(), dimension.dimension().acceptedAt());
		this.inEngine.put(coordinates, pushed);
		return new Verdict(this, coordinates, pushed);
	}

	private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
		ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(this.properties.getDeadLetterTopic(), record.key(),
				record.value());
		dead.headers().add(REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
		dead.headers().add(TOPIC_HEADER, record.topic().getBytes(StandardCharsets.UTF_8));
		dead.headers().add(PARTITION_HEADER, Integer.toString(record.partition()).getBytes(StandardCharsets.UTF_8));
		dead.headers().add(OFFSET_HEADER, Long.toString(record.offset()).getBytes(StandardCharsets.UTF_8));
		try {
			this.deadLetters.send(dead).get(DEAD_LETTER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted", ex);
		}
		catch (ExecutionException | TimeoutException ex) {
			// Not committed either: the record is read again and dead-lettered then.
			throw new IllegalStateException("dead-letter topic", ex);
		}
		// The reason and where the record was; never its content (a user id).
		// The reason's tag only: the rest may quote VWO's answer, which may echo a user id or a value (the
		// dead-letter record's header keeps it whole).
		int tag = reason.indexOf(':');
		logger.warn("The VWO Kafka relay sent {}-{} offset {} to '{}': {}", record.topic(), record.partition(),
				record.offset(), this.properties.getDeadLetterTopic(), (tag > 0) ? reason.substring(0, tag) : reason);
	}

	/**
	 * The state of the relay's current engine (not the application's): its counts start again
	 * when a rebalance replaces it; {@link #dimensions(PushReason)} counts across engines.
	 */
	VwoPushState engineState() {
		return this.engine.state();
	}

	/** Dimensions the relay's engines ended with this reason, those stopped in rebalances included. */
	long dimensions(PushReason reason) {
		synchronized (this.lifecycle) {
			return this.retired.getOrDefault(reason, 0L) + this.engine.state().count(reason);
		}
	}

	@Override
	public void start() {
		synchronized (this.lifecycle) {
			this.engine.start();
			this.startedAtNanos = System.nanoTime();
			this.running = true;
		}
		this.container.start();
	}

	@Override
	public void stop() {
		VwoPushEngine current;
		synchronized (this.lifecycle) {
			this.running = false;
			current = this.engine;
		}
		// The engine first, while this relay still owns its partitions: once the consumers leave, another relay
		// reads the uncommitted records, and a push of this engine sent after that could overwrite a newer value.
		current.stop(this.engineStopTimeout);
		this.container.stop();
		this.deadLetterProducers.destroy();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	/** Whether the relay consumes: started, and its consumers not stopped by an error of their own. */
	boolean isConsuming() {
		return this.running && this.container.isRunning() && this.container.isInExpectedState();
	}

	/**
	 * How long the least recent of this relay's consumers has gone without a heartbeat to its
	 * group's coordinator (Kafka's {@code last-heartbeat-seconds-ago}; since the relay started
	 * when it never sent one): Kafka unreachable, or the group lost. Read from the consumers'
	 * metrics, without a request to Kafka.
	 */
	Duration kafkaSilence() {
		Duration sinceStart = Duration.ofNanos(System.nanoTime() - this.startedAtNanos);
		double seconds = -1;
		for (Map<MetricName, ? extends Metric> metrics : this.container.metrics().values()) {
			for (Map.Entry<MetricName, ? extends Metric> metric : metrics.entrySet()) {
				if (HEARTBEAT_METRIC.equals(metric.getKey().name())
						&& metric.getValue().metricValue() instanceof Double value) {
					// Never sent (NaN, or counted from the epoch): since the relay started.
					seconds = Math.max(seconds, (value.isNaN() || value < 0) ? Double.MAX_VALUE : value);
				}
			}
		}
		if (seconds < 0) {
			// No consumer yet: only as long as the relay has been starting.
			return sinceStart;
		}
		return (seconds >= sinceStart.getSeconds()) ? sinceStart : Duration.ofSeconds((long) seconds);
	}

	/** Whether the group has had no heartbeat from this relay for longer than its session timeout. */
	boolean isCutOffFromKafka() {
		return kafkaSilence().compareTo(this.sessionTimeout) > 0;
	}

	/** Where a record is: what the relay commits and reads again. */
	private record Coordinates(TopicPartition partition, long offset) {

		static Coordinates of(ConsumerRecord<?, ?> record) {
			return new Coordinates(new TopicPartition(record.topic(), record.partition()), record.offset());
		}

	}

	/** What became of one record: delivered, dead, or neither yet. */
	private static final class Verdict {

		private final @Nullable KafkaRelay relay;

		private final @Nullable Coordinates coordinates;

		private final @Nullable CompletableFuture<PushResult> push;

		@Nullable String deadLetterReason;

		boolean delivered;

		Verdict(@Nullable KafkaRelay relay, @Nullable Coordinates coordinates,
				@Nullable CompletableFuture<PushResult> push) {
			this.relay = relay;
			this.coordinates = coordinates;
			this.push = push;
		}

		static Verdict dead(String reason) {
			Verdict verdict = new Verdict(null, null, null);
			verdict.deadLetterReason = reason;
			return verdict;
		}

		/** Whether the engine dropped the push when it was made (its queue full). */
		boolean droppedAtOnce() {
			CompletableFuture<PushResult> made = this.push;
			return made != null && made.isDone() && !made.isCompletedExceptionally()
					&& made.join().dimensions().get(0).outcome() == PushOutcome.DROPPED;
		}

		/** Wait for the push's outcome until the deadline, or until the relay stops. */
		Verdict await(long deadlineNanos) {
			if (this.push == null || this.relay == null || this.coordinates == null) {
				return this;
			}
			PushResult result = null;
			while (result == null && this.relay.running) {
				long left = deadlineNanos - System.nanoTime();
				if (left <= 0) {
					break;
				}
				try {
					result = this.push.get(Math.min(left, WAIT_SLICE_NANOS), TimeUnit.NANOSECONDS);
				}
				catch (TimeoutException ex) {
					// Not yet: look at the deadline and at whether the relay stops.
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return this;
				}
				catch (ExecutionException ex) {
					this.relay.inEngine.remove(this.coordinates);
					return this;
				}
			}
			if (result == null) {
				// Still in the engine: read again later, it waits for this same push.
				return this;
			}
			judge(result.dimensions().get(0));
			if (this.deadLetterReason == null && !this.delivered) {
				// Final, but not for good (VWO away past the retry budget, the queue full, shutdown): push again.
				this.relay.inEngine.remove(this.coordinates);
			}
			return this;
		}

		private void judge(DimensionResult result) {
			PushReason reason = result.reason();
			if (reason == PushReason.DELIVERED) {
				this.delivered = true;
			}
			else if (reason == PushReason.HTTP_4XX && this.relay != null
					&& this.relay.engineState().credentials() == VwoCredentials.REJECTED) {
				// 401 or 403: this relay's SDK key, not the record, is wrong (a bad secret, a key rotated in VWO
				// first). Read again until it is fixed, rather than send the whole topic to the dead letters.
			}
			else if (reason.outcome() == PushOutcome.REJECTED || reason == PushReason.HTTP_4XX
					|| reason == PushReason.PAYLOAD_TOO_LARGE || reason == PushReason.POISON) {
				this.deadLetterReason = reason.tagValue() + ": " + result.message();
			}
		}

	}

}
