package io.github.vwopush.internal.http;

import io.github.vwopush.internal.protocol.WireRequest;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpRequest;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClientRequest;

/**
 * The last step before the HTTP encoder: gives the request line's redacted query
 * parameters and the redacted headers their real values. Everything above it, Reactor
 * Netty's own logging and errors included, only ever sees the redacted request.
 */
final class SecretRestoringHandler extends ChannelOutboundHandlerAdapter {

	private static final String NAME = "vwo.secretRestoringHandler";

	private final WireRequest request;

	private boolean restored;

	private SecretRestoringHandler(WireRequest request) {
		this.request = request;
	}

	/**
	 * Install a handler for the request about to be sent on a (possibly reused) connection;
	 * for {@link reactor.netty.http.client.HttpClient#doOnRequest}.
	 * @param outgoing the request about to be sent
	 * @param connection its connection
	 */
	static void install(HttpClientRequest outgoing, Connection connection) {
		WireRequest request = SecretRestoringConnector.carried(outgoing.currentContextView());
		// A handler left from an earlier request on this connection must never serve this one.
		connection.removeHandler(NAME);
		if (request != null) {
			connection.addHandlerLast(NAME, new SecretRestoringHandler(request));
		}
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		if (!this.restored && msg instanceof HttpRequest outgoing) {
			this.restored = true;
			ctx.write(withSecrets(outgoing), promise);
			return;
		}
		ctx.write(msg, promise);
	}

	/**
	 * A copy with the real values, so that Reactor Netty's request object, which its logs and
	 * errors print, keeps the redacted ones. A full request's content moves to the copy.
	 */
	private HttpRequest withSecrets(HttpRequest outgoing) {
		HttpRequest copy = (outgoing instanceof FullHttpRequest full) ? full.replace(full.content())
				: new DefaultHttpRequest(outgoing.protocolVersion(), outgoing.method(), outgoing.uri(),
						outgoing.headers().copy());
		copy.setUri(this.request.restoreSecrets(outgoing.uri()));
		this.request.secretHeaders().forEach(copy.headers()::set);
		return copy;
	}

}
