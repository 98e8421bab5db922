package io.github.vwopush.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import io.github.vwopush.protocol.PushEvent;
import io.github.vwopush.protocol.PushWireFormat;
import io.github.vwopush.protocol.Transport;
import io.github.vwopush.protocol.VisitorUuid;
import io.github.vwopush.protocol.WireRequest;
import org.jspecify.annotations.Nullable;

/**
 * What one request may carry on the configured transport and how it is written: the one
 * place the transport is switched on.
 */
final class RequestShape {

	private final Transport transport;

	private final int maxEvents;

	private final boolean onePush;

	private final Writer writer;

	private final VisitorUuid visitorUuid;

	RequestShape(Transport transport, int maxEvents, PushWireFormat wire, VisitorUuid visitorUuid) {
		this.transport = transport;
		this.visitorUuid = visitorUuid;
		switch (transport) {
			case BATCH -> {
				this.maxEvents = maxEvents;
				this.onePush = false;
				this.writer = (events, prefix, stamp) -> wire.batchEvents(events, prefix);
			}
			// One visitor per request: its message id is derived from the visitor.
			case EVENT_ARCH -> {
				this.maxEvents = maxEvents;
				this.onePush = true;
				this.writer = (events, prefix, stamp) -> wire.eventArch(events, prefix, stamp, System.currentTimeMillis(),
						ThreadLocalRandom.current().nextDouble());
			}
			case LEGACY -> {
				this.maxEvents = 1;
				this.onePush = true;
				this.writer = (events, prefix, stamp) -> wire.legacyPush(events.get(0), prefix,
						ThreadLocalRandom.current().nextDouble());
			}
			default -> throw new IllegalArgumentException("Unknown transport " + transport);
		}
	}

	Transport transport() {
		return this.transport;
	}

	/** Dimensions one request carries at most. */
	int maxEvents() {
		return this.maxEvents;
	}

	/** Whether a request carries one push (one visitor) only. */
	boolean onePush() {
		return this.onePush;
	}

	/** Whether a request VWO found too large (413) can be sent again in halves. */
	boolean splittable() {
		return !this.onePush;
	}

	WireRequest write(Shipment shipment, @Nullable String collectionPrefix) {
		List<PushEvent> events = new ArrayList<>(shipment.dimensions);
		for (Slice slice : shipment.slices) {
			QueuedPush push = slice.push;
			String uuid = push.visitorUuid;
			if (uuid == null) {
				uuid = this.visitorUuid.of(push.userId);
				push.visitorUuid = uuid;
			}
			for (int i = slice.from; i < slice.to; i++) {
				events.add(new PushEvent(push.keys[i], push.values[i], uuid, push.acceptedAtMillis, push.type(i)));
			}
		}
		return this.writer.write(events, collectionPrefix, shipment.messageStamp);
	}

	@FunctionalInterface
	private interface Writer {

		WireRequest write(List<PushEvent> events, @Nullable String collectionPrefix, long messageStamp);

	}

}
