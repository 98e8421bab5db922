package io.github.vwopush.internal.http;

import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.vwopush.internal.protocol.WireRequest;
import io.netty.channel.ChannelOption;
import io.netty.channel.ConnectTimeoutException;
import io.netty.resolver.DefaultAddressResolverGroup;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The one HTTP client that talks to VWO: a WebClient on its own small Reactor Netty
 * connection pool and event loop, both closed with the application context so that no
 * thread or connection outlives it.
 * <p>
 * Neither {@link #exchangeAsync} nor {@link #exchangeStreaming} blocks: both complete on
 * the client's event loop. TLS
 * verification is Reactor Netty's default and is never relaxed.
 * <p>
 * The application's WebClient customizers, filters and observations see each request
 * {@linkplain WireRequest#redacted() redacted}: the SDK key is put back only as the request
 * is encoded onto the connection ({@link SecretRestoringConnector},
 * {@link SecretRestoringHandler}), so it cannot reach a trace, a metric or a log line.
 */
public final class VwoHttpClient implements AutoCloseable {

	private static final int EXCERPT_LENGTH = 200;


	private static final byte[] EMPTY = new byte[0];

	private final ConnectionProvider connections;

	private final LoopResources loops;

	private final WebClient webClient;

	private final Duration maxWait;

	/** Timeouts run on our own event loop: Reactor's shared parallel scheduler would start threads of its own. */
	private final Scheduler timer;

	private final AtomicInteger requestsInFlight = new AtomicInteger();

	/**
	 * Create the client.
	 * @param builder the application's {@link WebClient.Builder}, so its customizers,
	 * filters and observations apply (to the redacted request); its connector is replaced by
	 * ours
	 * @param connectTimeout the TCP connect timeout
	 * @param responseTimeout how long to wait for the response once the request is sent
	 * @param maxConnections connections to VWO at most: the requests that may be in flight at
	 * once, plus one for the settings file
	 */
	public VwoHttpClient(WebClient.Builder builder, Duration connectTimeout, Duration responseTimeout,
			int maxConnections) {
		this.connections = ConnectionProvider.builder("vwo-push")
			.maxConnections(maxConnections)
			.pendingAcquireMaxCount(64)
			.maxIdleTime(Duration.ofSeconds(20))
			.maxLifeTime(Duration.ofMinutes(5))
			.build();
		this.loops = LoopResources.create("vwo-http", 1, true);
		this.timer = Schedulers.fromExecutorService(this.loops.onClient(LoopResources.DEFAULT_NATIVE), "vwo-http-timer");
		HttpClient httpClient = HttpClient.create(this.connections)
			.runOn(this.loops)
			// The JDK's resolver honours the JVM's DNS settings and caches like any other Java client does.
			.resolver(DefaultAddressResolverGroup.INSTANCE)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()))
			.responseTimeout(responseTimeout)
			.doOnRequest(SecretRestoringHandler::install);
		this.webClient = builder.clientConnector(new SecretRestoringConnector(new ReactorClientHttpConnector(httpClient)))
			.build();
		// The whole exchange, a wait for a pooled connection included, never outlasts both timeouts by much.
		this.maxWait = responseTimeout.plus(connectTimeout).plusSeconds(1);
	}

	/**
	 * Send one request without blocking. Nothing is sent until the result is subscribed to;
	 * disposing the subscription cancels the exchange and closes its connection.
	 * @param request the request, sent exactly as built
	 * @return the result, on the client's event loop, within the configured timeouts; never
	 * an error for HTTP or transport failures
	 */
	public Mono<HttpResult> exchangeAsync(WireRequest request) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			Mono<HttpResult> exchange = send(request, start).timeout(this.maxWait, this.timer)
				// A filter of the application's may end the exchange without a response.
				.onErrorResume((ex) -> Mono.just(failure(ex, start)));
			this.requestsInFlight.incrementAndGet();
			AtomicBoolean finished = new AtomicBoolean();
			Runnable done = () -> {
				if (finished.compareAndSet(false, true)) {
					this.requestsInFlight.decrementAndGet();
				}
			};
			// Counted out before the result reaches the subscriber, or when it is cancelled.
			return exchange.doOnNext((result) -> done.run()).doFinally((signal) -> done.run());
		});
	}

	/**
	 * Requests sent with {@link #exchangeAsync} that have not finished yet.
	 * @return the requests in flight now
	 */
	public int requestsInFlight() {
		return this.requestsInFlight.get();
	}

	/**
	 * Send one request without blocking, handing a 2xx response body to {@code bodyChunks}
	 * piece by piece as it arrives instead of holding it in memory: for bodies of any size.
	 * Each piece is released once {@code bodyChunks} returns, so it must not keep it. Nothing
	 * is sent until the result is subscribed to; disposing the subscription cancels the
	 * exchange and closes its connection.
	 * @param request the request, sent exactly as built
	 * @param maxWait an upper bound on the whole exchange, body included
	 * @param maxBodyBytes the largest body accepted
	 * @param bodyChunks reads the body, on the client's event loop
	 * @return the result (its {@link HttpResult#body()} empty); an error of
	 * {@link ResponseTooLargeException} beyond {@code maxBodyBytes}, or what
	 * {@code bodyChunks} threw; never an error for HTTP or transport failures
	 */
	public Mono<HttpResult> exchangeStreaming(WireRequest request, Duration maxWait, long maxBodyBytes,
			Consumer<ByteBuffer> bodyChunks) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return prepare(request)
				.exchangeToMono((response) -> stream(response, request, start, maxBodyBytes, bodyChunks))
				.contextWrite(SecretRestoringConnector.carrying(request))
				.timeout(maxWait, this.timer)
				.onErrorResume((ex) -> !(ex instanceof BodyReadFailure), (ex) -> Mono.just(failure(ex, start)))
				.onErrorMap(BodyReadFailure.class, Throwable::getCause);
		});
	}

	private Mono<HttpResult> stream(ClientResponse response, WireRequest request, long start, long maxBodyBytes,
			Consumer<ByteBuffer> bodyChunks) {
		int status = response.statusCode().value();
		String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
		if (status < 200 || status >= 300) {
			// Only the excerpt is wanted, however large an error page is.
			return DataBufferUtils
				.join(DataBufferUtils.takeUntilByteCount(response.bodyToFlux(DataBuffer.class), EXCERPT_LENGTH * 4))
				.map((buffer) -> {
					byte[] bytes = new byte[buffer.readableByteCount()];
					buffer.read(bytes);
					DataBufferUtils.release(buffer);
					return bytes;
				})
				.defaultIfEmpty(EMPTY)
				.map((bytes) -> new HttpResult(status, null, null, excerpt(bytes, request), retryAfter, EMPTY,
						elapsed(start)));
		}
		long[] received = { 0 };
		return response.bodyToFlux(DataBuffer.class).doOnNext((buffer) -> {
			try {
				received[0] += buffer.readableByteCount();
				if (received[0] > maxBodyBytes) {
					throw new ResponseTooLargeException(maxBodyBytes);
				}
				try (DataBuffer.ByteBufferIterator pieces = buffer.readableByteBuffers()) {
					while (pieces.hasNext()) {
						bodyChunks.accept(pieces.next());
					}
				}
			}
			catch (RuntimeException ex) {
				throw new BodyReadFailure(ex);
			}
			finally {
				DataBufferUtils.release(buffer);
			}
		}).then(Mono.fromSupplier(() -> new HttpResult(status, null, null, "", retryAfter, EMPTY, elapsed(start))));
	}

	/** The WebClient only ever gets the redacted request; see {@link SecretRestoringConnector}. */
	private WebClient.RequestHeadersSpec<?> prepare(WireRequest request) {
		WireRequest.Redacted redacted = request.redacted();
		WebClient.RequestBodySpec spec = this.webClient.method(HttpMethod.valueOf(request.method()))
			.uri(redacted.uri())
			.headers((headers) -> redacted.headers().forEach(headers::set));
		byte[] body = redacted.body();
		return (body != null) ? spec.body(BodyInserters.fromValue(body)) : spec;
	}

	private Mono<HttpResult> send(WireRequest request, long start) {
		return prepare(request).exchangeToMono((response) -> response.bodyToMono(byte[].class)
			.defaultIfEmpty(EMPTY)
			.map((bytes) -> {
				int status = response.statusCode().value();
				String retryAfter = response.headers().asHttpHeaders().getFirst("Retry-After");
				return new HttpResult(status, null, null, excerpt(bytes, request), retryAfter, EMPTY, elapsed(start));
			})).contextWrite(SecretRestoringConnector.carrying(request));
	}

	private static HttpResult failure(Throwable error, long start) {
		HttpResult.TransportFailure kind = isTimeout(error) ? HttpResult.TransportFailure.TIMEOUT
				: HttpResult.TransportFailure.IO_ERROR;
		// Only the class name: the messages of WebClient and Reactor Netty quote the request, which is not ours to show.
		return new HttpResult(0, kind, rootCause(error).getClass().getSimpleName(), "", null, EMPTY, elapsed(start));
	}

	static boolean isTimeout(Throwable error) {
		for (Throwable t = error; t != null; t = t.getCause()) {
			if (t instanceof TimeoutException || t instanceof io.netty.handler.timeout.TimeoutException
					|| t instanceof ConnectTimeoutException || t instanceof SocketTimeoutException) {
				return true;
			}
			if (t.getCause() == t) {
				break;
			}
		}
		return false;
	}

	private static Throwable rootCause(Throwable error) {
		Throwable root = error;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		return root;
	}

	/** The start of a response body for messages, with any secret of the request blanked out. */
	private static String excerpt(byte[] body, WireRequest request) {
		String text = new String(body, 0, Math.min(body.length, EXCERPT_LENGTH * 4), StandardCharsets.UTF_8);
		// An error page or a proxy may echo the request line, which carries the SDK key.
		text = request.redactSecrets(text.replaceAll("[\\p{Cntrl}]+", " ")).strip();
		return (text.length() > EXCERPT_LENGTH) ? text.substring(0, EXCERPT_LENGTH) + "…" : text;
	}

	private static Duration elapsed(long start) {
		return Duration.ofNanos(System.nanoTime() - start);
	}

	/** Carries what a body reader threw past the mapping of transport errors to results. */
	private static final class BodyReadFailure extends RuntimeException {

		BodyReadFailure(RuntimeException cause) {
			super(null, cause, false, false);
		}

	}

	/**
	 * Close the connection pool and the event loop, waiting a few seconds at most.
	 */
	@Override
	public void close() {
		this.connections.disposeLater().block(Duration.ofSeconds(5));
		this.loops.disposeLater(Duration.ZERO, Duration.ofSeconds(2)).block(Duration.ofSeconds(5));
	}

}
