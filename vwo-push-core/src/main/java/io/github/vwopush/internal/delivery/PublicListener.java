package io.github.vwopush.internal.delivery;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoDeliveryListener;
import io.github.vwopush.VwoTransport;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.protocol.Transport;

/**
 * Hands the engine's events to a public {@link VwoDeliveryListener}, so that listeners
 * outside the engine never see its HTTP types.
 */
public final class PublicListener implements DeliveryListener {

	private static final VwoTransport[] TRANSPORTS = new VwoTransport[Transport.values().length];

	static {
		for (Transport transport : Transport.values()) {
			TRANSPORTS[transport.ordinal()] = VwoTransport.valueOf(transport.name());
		}
	}

	private final VwoDeliveryListener listener;

	/**
	 * Adapt a listener.
	 * @param listener the public listener
	 */
	public PublicListener(VwoDeliveryListener listener) {
		this.listener = listener;
	}

	@Override
	public void dimensionsFinished(PushReason reason, int count) {
		this.listener.dimensionsFinished(reason, count);
	}

	@Override
	public void dimensionsRecovered(long count) {
		this.listener.dimensionsRecovered(count);
	}

	@Override
	public void requestCompleted(Transport transport, HttpResult result, int dimensions) {
		this.listener.requestCompleted(new VwoDeliveryListener.Request(TRANSPORTS[transport.ordinal()],
				result.outcome(), result.status(), result.elapsed(), dimensions));
	}

}
