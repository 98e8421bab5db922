package io.github.vwopush.internal.delivery;

import java.util.List;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.protocol.Transport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to several listeners; a listener that throws is logged and skipped, so
 * counting can never break delivery.
 */
final class CompositeDeliveryListener implements DeliveryListener {

	private static final Logger logger = LoggerFactory.getLogger(CompositeDeliveryListener.class);

	private final DeliveryListener[] listeners;

	private CompositeDeliveryListener(List<DeliveryListener> listeners) {
		this.listeners = listeners.toArray(DeliveryListener[]::new);
	}

	static DeliveryListener of(List<DeliveryListener> listeners) {
		return (listeners.size() == 1) ? listeners.get(0) : new CompositeDeliveryListener(listeners);
	}

	@Override
	public void dimensionsFinished(PushReason reason, int count) {
		for (DeliveryListener listener : this.listeners) {
			try {
				listener.dimensionsFinished(reason, count);
			}
			catch (RuntimeException ex) {
				logger.debug("Delivery listener failed", ex);
			}
		}
	}

	@Override
	public void dimensionsRecovered(long count) {
		for (DeliveryListener listener : this.listeners) {
			try {
				listener.dimensionsRecovered(count);
			}
			catch (RuntimeException ex) {
				logger.debug("Delivery listener failed", ex);
			}
		}
	}

	@Override
	public void requestCompleted(Transport transport, HttpResult result, int dimensions) {
		for (DeliveryListener listener : this.listeners) {
			try {
				listener.requestCompleted(transport, result, dimensions);
			}
			catch (RuntimeException ex) {
				logger.debug("Delivery listener failed", ex);
			}
		}
	}

}
