package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoOutboundDimension;
import io.github.vwopush.VwoOutlet;
import io.github.vwopush.VwoVisitor;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.protocol.Transport;
import io.github.vwopush.internal.protocol.ValueType;
import io.github.vwopush.internal.protocol.VisitorContext;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * A {@link RequestOutlet} that hands each request's dimensions to a public {@link VwoOutlet}
 * and turns its answer into the result VWO would have given: accepted as a 200, retry as a
 * transport failure ({@link io.github.vwopush.PushReason#IO_ERROR} once the retry budget is
 * spent), rejected as a 400 ({@link io.github.vwopush.PushReason#HTTP_4XX}). So the
 * dispatcher's window, backoff, retry budget and settlement are the same for both.
 */
final class OutletRequests implements RequestOutlet {

	private static final byte[] EMPTY = new byte[0];

	private final VwoOutlet outlet;

	private final Transport transport;

	OutletRequests(VwoOutlet outlet, Transport transport) {
		this.outlet = outlet;
		this.transport = transport;
	}

	@Override
	public Mono<HttpResult> exchange(Shipment shipment, @Nullable String collectionPrefix) {
		// Built on the sender thread, which alone reads the queued pushes; the outlet is called only on subscribe.
		List<VwoOutboundDimension> batch = dimensions(shipment);
		return Mono.defer(() -> {
			long start = System.nanoTime();
			CompletionStage<VwoOutlet.Answer> answer;
			try {
				answer = this.outlet.send(batch);
			}
			catch (RuntimeException ex) {
				return Mono.just(failure(ex, start));
			}
			return Mono.fromCompletionStage(answer)
				.map((given) -> result(given, start))
				.onErrorResume((ex) -> Mono.just(failure(ex, start)))
				.switchIfEmpty(Mono.fromSupplier(() -> failure(new IllegalStateException("no answer"), start)));
		});
	}

	private static List<VwoOutboundDimension> dimensions(Shipment shipment) {
		List<VwoOutboundDimension> batch = new ArrayList<>(shipment.dimensions);
		for (Slice slice : shipment.slices) {
			QueuedPush push = slice.push;
			VisitorContext context = push.visitor;
			VwoVisitor visitor = (context != null)
					? new VwoVisitor(push.userId, context.sessionId(), context.userAgent(), context.ipAddress())
					: VwoVisitor.of(push.userId);
			Instant acceptedAt = Instant.ofEpochMilli(push.acceptedAtMillis);
			for (int i = slice.from; i < slice.to; i++) {
				batch.add(new VwoOutboundDimension(visitor, push.keys[i], push.values[i], type(push.type(i)),
						acceptedAt));
			}
		}
		return batch;
	}

	private static VwoOutboundDimension.Type type(ValueType type) {
		return switch (type) {
			case STRING -> VwoOutboundDimension.Type.STRING;
			case NUMBER -> VwoOutboundDimension.Type.NUMBER;
			case BOOLEAN -> VwoOutboundDimension.Type.BOOLEAN;
		};
	}

	private static HttpResult result(VwoOutlet.Answer answer, long start) {
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		return switch (answer.kind()) {
			case ACCEPTED -> new HttpResult(200, null, null, "", null, EMPTY, elapsed);
			case RETRY -> new HttpResult(0, HttpResult.TransportFailure.IO_ERROR, excerpt(answer.detail()), "", null,
					EMPTY, elapsed);
			case REJECTED -> new HttpResult(400, null, null, excerpt(answer.detail()), null, EMPTY, elapsed);
		};
	}

	private static HttpResult failure(Throwable ex, long start) {
		Throwable cause = (ex instanceof CompletionException && ex.getCause() != null) ? ex.getCause() : ex;
		// The class name only: an exception's message may hold what it was given, a user id among it.
		return new HttpResult(0, HttpResult.TransportFailure.IO_ERROR, cause.getClass().getSimpleName(), "", null,
				EMPTY, Duration.ofNanos(System.nanoTime() - start));
	}

	private static String excerpt(String detail) {
		return (detail.length() <= 200) ? detail : detail.substring(0, 200);
	}

	@Override
	public boolean isolatesPoison() {
		return false;
	}

	@Override
	public PushReason acceptedReason() {
		return PushReason.OUTBOX;
	}

	@Override
	public String acceptedMessage(HttpResult result) {
		return "handed to " + this.outlet.description();
	}

	@Override
	public String refusedMessage(HttpResult result) {
		return this.outlet.description() + " refused it: " + result.bodyExcerpt();
	}

	@Override
	public Transport transport() {
		return this.transport;
	}

}
