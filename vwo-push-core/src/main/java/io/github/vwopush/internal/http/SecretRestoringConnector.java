package io.github.vwopush.internal.http;

import java.net.URI;
import java.util.function.Function;

import io.github.vwopush.internal.protocol.WireRequest;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ClientHttpConnector;
import org.springframework.http.client.reactive.ClientHttpRequest;
import org.springframework.http.client.reactive.ClientHttpRequestDecorator;
import org.springframework.http.client.reactive.ClientHttpResponse;

/**
 * The connector under our WebClient. The WebClient, its filters, its observation and
 * Spring's request logging only ever handle the {@linkplain WireRequest#redacted()
 * redacted} request; the real one travels in the Reactor context. Here, past all of them,
 * the body VWO gets replaces the redacted one; {@link SecretRestoringHandler} does the same
 * for the URI and headers further down, inside Reactor Netty.
 */
final class SecretRestoringConnector implements ClientHttpConnector {

	private static final Object REQUEST_KEY = SecretRestoringConnector.class.getName() + ".request";

	private final ClientHttpConnector delegate;

	SecretRestoringConnector(ClientHttpConnector delegate) {
		this.delegate = delegate;
	}

	/**
	 * The context that carries the real request to this connector and to the Netty handler.
	 * @param request the request to send
	 * @return the context to write onto the exchange
	 */
	static Context carrying(WireRequest request) {
		return Context.of(REQUEST_KEY, request);
	}

	/**
	 * The real request an exchange carries.
	 * @param context the exchange's context
	 * @return the request, or {@code null} when the context lost it
	 */
	static WireRequest carried(ContextView context) {
		return context.getOrDefault(REQUEST_KEY, null);
	}

	@Override
	public Mono<ClientHttpResponse> connect(HttpMethod method, URI uri,
			Function<? super ClientHttpRequest, Mono<Void>> requestCallback) {
		return Mono.deferContextual((context) -> {
			WireRequest request = carried(context);
			if (request == null) {
				// Sent without its secrets, the request would be refused and read as rejected credentials.
				return Mono.error(new IllegalStateException(
						"A WebClient filter dropped the Reactor context of a VWO request; it was not sent"));
			}
			byte[] body = request.body();
			if (body == null) {
				return this.delegate.connect(method, uri, requestCallback);
			}
			return this.delegate.connect(method, uri,
					(outgoing) -> requestCallback.apply(new RealBodyRequest(outgoing, body)));
		});
	}

	/** Writes VWO's body in place of the redacted one the WebClient encoded. */
	private static final class RealBodyRequest extends ClientHttpRequestDecorator {

		private final byte[] body;

		RealBodyRequest(ClientHttpRequest delegate, byte[] body) {
			super(delegate);
			this.body = body;
		}

		@Override
		public Mono<Void> writeWith(Publisher<? extends DataBuffer> redactedBody) {
			return Flux.from(redactedBody).doOnNext(DataBufferUtils::release).then(Mono.defer(() -> {
				getHeaders().setContentLength(this.body.length);
				return super.writeWith(Mono.just(bufferFactory().wrap(this.body)));
			}));
		}

	}

}
