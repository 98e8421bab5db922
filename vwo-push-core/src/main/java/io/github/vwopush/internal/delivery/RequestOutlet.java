package io.github.vwopush.internal.delivery;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.protocol.Transport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Where the {@link Dispatcher} sends a request: VWO over HTTP ({@link HttpRequests}, the
 * default) or a public {@link io.github.vwopush.VwoOutlet} such as a Kafka topic
 * ({@link OutletRequests}). The dispatcher's window, backoff, retries, poison isolation and
 * settlement work on the {@link HttpResult} either gives, so an outlet gets them all without
 * a second copy.
 */
interface RequestOutlet {

	/**
	 * The exchange for a shipment: nothing is sent until it is subscribed to, and disposing
	 * the subscription cancels it.
	 * @param shipment what to send
	 * @param collectionPrefix the data-residency prefix from VWO's settings, or {@code null}
	 * @return the exchange, completing with one result (never empty, never an error)
	 * @throws RuntimeException when the request cannot be built: its dimensions fail as an
	 * internal error
	 */
	Mono<HttpResult> exchange(Shipment shipment, @Nullable String collectionPrefix);

	/**
	 * The reason a dimension this outlet accepted ends with: delivered to VWO, or handed off
	 * to an outbox that a relay delivers from.
	 * @return the reason
	 */
	PushReason acceptedReason();

	/**
	 * Whether a request refused again while others went through may be poison, a payload
	 * never taken: so with VWO, whose answers say nothing else of the payload. An outlet says
	 * so itself (a refusal for good), so its retryable answers never are: a Kafka partition
	 * without a leader refuses some batches while others go through.
	 * @return whether strikes count
	 */
	boolean isolatesPoison();

	/**
	 * The outcome message of a dimension this outlet accepted.
	 * @param result the successful result
	 * @return the message, for example {@code VWO answered HTTP 200}
	 */
	String acceptedMessage(HttpResult result);

	/**
	 * The message of a dimension this outlet refused for good.
	 * @param result the refusal
	 * @return the message
	 */
	String refusedMessage(HttpResult result);

	/**
	 * The transport reported with each request's result to listeners.
	 * @return the transport
	 */
	Transport transport();

}
