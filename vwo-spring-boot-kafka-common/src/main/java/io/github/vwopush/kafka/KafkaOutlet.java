package io.github.vwopush.kafka;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.vwopush.VwoOutboundDimension;
import io.github.vwopush.VwoOutlet;
import io.github.vwopush.VwoPlatform;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * The outbox: the {@link VwoOutlet} the application's engine hands its batches to, producing
 * one {@link DimensionRecord} a dimension to the topic. The producer is idempotent with
 * {@code acks=all} (set over the application's {@code spring.kafka.producer.*}), so a record
 * Kafka acknowledged is on every in-sync replica and a producer retry does not write it twice.
 * <p>
 * {@link #send(List)} only queues the batch for the outlet's own thread: Kafka's
 * {@code send()} may block (for metadata, or a full buffer while the broker is away), and the
 * engine's sender thread must not. A batch is accepted once Kafka acknowledged every record
 * of it; a broker that is away, a timeout or any error Kafka may get over answers
 * {@link VwoOutlet.Answer#retry(String)}, so the engine keeps the batch (in memory, or in the
 * disk spool) and sends it again with its backoff; only a record Kafka can never take (too
 * large, an invalid topic) is refused for good. A batch sent again after a partial failure
 * may write some records twice: the relay delivers at least once anyway.
 */
final class KafkaOutlet implements VwoOutlet, DisposableBean {

	private static final Logger logger = LoggerFactory.getLogger(KafkaOutlet.class);

	private final DefaultKafkaProducerFactory<byte[], byte[]> producers;

	private final Producer<byte[], byte[]> producer;

	private final String topic;

	private final long accountId;

	private final VwoPlatform platform;

	/** When Kafka last began to refuse batches, or {@code null} while it takes them. */
	private final AtomicReference<@Nullable Instant> unreachableSince = new AtomicReference<>();

	private final ExecutorService thread = Executors.newSingleThreadExecutor((task) -> {
		Thread outlet = new Thread(task, "vwo-kafka-outlet");
		outlet.setDaemon(true);
		return outlet;
	});

	KafkaOutlet(DefaultKafkaProducerFactory<byte[], byte[]> producers, String topic, long accountId,
			VwoPlatform platform) {
		this.producers = producers;
		this.producer = producers.createProducer();
		this.topic = topic;
		this.accountId = accountId;
		this.platform = platform;
	}

	@Override
	public CompletionStage<Answer> send(List<VwoOutboundDimension> batch) {
		CompletableFuture<Answer> answer = new CompletableFuture<>();
		try {
			// One thread, in the order the engine sent them: a (user, key)'s records reach its partition in order.
			this.thread.execute(() -> produce(batch, answer));
		}
		catch (RejectedExecutionException ex) {
			answer.complete(Answer.retry("outlet closed"));
		}
		return answer;
	}

	private void produce(List<VwoOutboundDimension> batch, CompletableFuture<Answer> answer) {
		AtomicInteger pending = new AtomicInteger(batch.size());
		AtomicReference<@Nullable Exception> failure = new AtomicReference<>();
		for (int i = 0; i < batch.size(); i++) {
			DimensionRecord record = new DimensionRecord(this.accountId, this.platform, batch.get(i));
			try {
				this.producer.send(new ProducerRecord<>(this.topic, record.key(), record.value()), (metadata, ex) -> {
					if (ex != null) {
						failure.compareAndSet(null, ex);
					}
					if (pending.decrementAndGet() == 0) {
						answer.complete(answer(failure.get()));
					}
				});
				if (failure.get() != null) {
					// send() hands a failure before the record was queued (no metadata within max.block.ms) to the
					// callback at once, without throwing: the rest would each wait max.block.ms again.
					if (pending.addAndGet(-(batch.size() - i - 1)) == 0) {
						answer.complete(answer(failure.get()));
					}
					return;
				}
			}
			catch (RuntimeException ex) {
				// Not sent at all (no metadata in max.block.ms, the producer closed): neither are the rest.
				failure.compareAndSet(null, ex);
				if (pending.addAndGet(-(batch.size() - i)) == 0) {
					answer.complete(answer(failure.get()));
				}
				return;
			}
		}
	}

	private Answer answer(@Nullable Exception failure) {
		if (failure == null) {
			Instant since = this.unreachableSince.getAndSet(null);
			if (since != null) {
				logger.info("The VWO Kafka outbox hands dimensions to topic '{}' again, after {}", this.topic,
						Duration.between(since, Instant.now()).truncatedTo(ChronoUnit.MILLIS));
			}
			return Answer.accepted();
		}
		// The class name only: a Kafka exception's message may quote what it was given.
		String reason = failure.getClass().getSimpleName();
		if (failure instanceof RecordTooLargeException || failure instanceof RecordBatchTooLargeException
				|| failure instanceof InvalidTopicException || failure instanceof SerializationException) {
			return Answer.rejected(reason);
		}
		// Once an outage, not once a batch: the engine retries every batch with its backoff meanwhile.
		if (this.unreachableSince.compareAndSet(null, Instant.now())) {
			logger.warn("The VWO Kafka outbox cannot hand dimensions to topic '{}' ({}): they wait in the engine's "
					+ "queue (and disk spool, if enabled) and are retried with vwo.retry.*", this.topic, reason);
		}
		else {
			logger.debug("Kafka did not take a batch for topic '{}': {}", this.topic, reason);
		}
		return Answer.retry(reason);
	}

	@Override
	public String description() {
		return "Kafka topic '" + this.topic + "'";
	}

	/** After the engine stopped (a lifecycle stop comes before destruction): what it handed over is flushed first. */
	@Override
	public void destroy() throws InterruptedException {
		this.thread.shutdown();
		this.thread.awaitTermination(10, TimeUnit.SECONDS);
		this.producers.destroy();
	}

}
