package io.github.vwopush.internal.delivery;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.http.VwoHttpClient;
import io.github.vwopush.internal.protocol.Transport;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/** The default {@link RequestOutlet}: the request {@link RequestShape} writes, sent to VWO over HTTP. */
final class HttpRequests implements RequestOutlet {

	private final RequestShape shape;

	private final VwoHttpClient http;

	HttpRequests(RequestShape shape, VwoHttpClient http) {
		this.shape = shape;
		this.http = http;
	}

	@Override
	public Mono<HttpResult> exchange(Shipment shipment, @Nullable String collectionPrefix) {
		// Written now, on the sender thread: a request that cannot be built fails before anything is in flight.
		return this.http.exchangeAsync(this.shape.write(shipment, collectionPrefix));
	}

	@Override
	public boolean isolatesPoison() {
		return true;
	}

	@Override
	public PushReason acceptedReason() {
		return PushReason.DELIVERED;
	}

	@Override
	public String acceptedMessage(HttpResult result) {
		return "VWO answered HTTP " + result.status();
	}

	@Override
	public String refusedMessage(HttpResult result) {
		return "VWO answered " + result.describe();
	}

	@Override
	public Transport transport() {
		return this.shape.transport();
	}

}
