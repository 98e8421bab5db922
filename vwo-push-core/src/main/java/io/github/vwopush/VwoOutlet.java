package io.github.vwopush;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Where the engine's sender hands accepted dimensions instead of sending them to VWO: an
 * outbox such as a Kafka topic ({@code vwo-spring-boot-kafka}). Set with
 * {@link VwoPushEngine.Builder#outlet(VwoOutlet)}; without one the engine sends to VWO over
 * HTTP.
 * <p>
 * The engine treats an outlet as it treats VWO: the sender thread hands it batches of at most
 * {@code vwo.batch.max-events} dimensions, at most {@code vwo.http.max-in-flight} at once,
 * never more than one value of a (user, key) at a time, and an answer of
 * {@link Answer#retry(String)} is retried with the engine's backoff and retry budget (forever
 * with the disk spool), just as a 503 from VWO is. Every dimension gets exactly one outcome;
 * one the outlet accepted ends as {@link PushReason#OUTBOX} (outcome
 * {@link PushOutcome#HANDED_OFF}, not delivered: a relay delivers it), with a message that
 * names the outlet.
 * <p>
 * An implementation must not block: {@link #send(List)} runs on the engine's sender thread,
 * and the returned stage may complete on any thread.
 */
public interface VwoOutlet {

	/**
	 * Hand over one batch.
	 * @param batch the dimensions, in the order they were accepted; never empty
	 * @return completes with the answer for the whole batch; completing exceptionally counts
	 * as {@link Answer#retry(String)}
	 */
	CompletionStage<Answer> send(List<VwoOutboundDimension> batch);

	/**
	 * What the outlet is, for outcome messages and logs (for example
	 * {@code "Kafka topic 'vwo-push'"}); never a secret.
	 * @return the description
	 */
	String description();

	/**
	 * The outlet's answer for a batch: the counterpart of VWO's 2xx, retryable failure and
	 * refusal.
	 *
	 * @param kind what happened to the batch
	 * @param detail why, for logs and outcome messages; never a user id or a secret
	 */
	record Answer(Kind kind, String detail) {

		/**
		 * Check the components.
		 * @param kind what happened to the batch
		 * @param detail why
		 */
		public Answer {
			Objects.requireNonNull(kind, "kind");
			Objects.requireNonNull(detail, "detail");
		}

		/**
		 * The whole batch is held by the outlet: its dimensions are final.
		 * @return the answer
		 */
		public static Answer accepted() {
			return new Answer(Kind.ACCEPTED, "");
		}

		/**
		 * The outlet cannot take the batch now: it is sent again after the engine's backoff.
		 * @param detail why, for example the exception's class name
		 * @return the answer
		 */
		public static Answer retry(String detail) {
			return new Answer(Kind.RETRY, detail);
		}

		/**
		 * The outlet will never take the batch: its dimensions fail.
		 * @param detail why
		 * @return the answer
		 */
		public static Answer rejected(String detail) {
			return new Answer(Kind.REJECTED, detail);
		}

	}

	/** What happened to a batch. */
	enum Kind {

		/** Held by the outlet: the counterpart of VWO's 2xx. */
		ACCEPTED,

		/** Not taken now, may be taken later: the counterpart of VWO's 503 or a timeout. */
		RETRY,

		/** Never taken: the counterpart of VWO's 400. */
		REJECTED

	}

}
