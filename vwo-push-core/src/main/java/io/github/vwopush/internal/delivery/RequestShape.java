package io.github.vwopush.internal.delivery;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;

import io.github.vwopush.internal.protocol.PushEvent;
import io.github.vwopush.internal.protocol.PushWireFormat;
import io.github.vwopush.internal.protocol.Transport;
import io.github.vwopush.internal.protocol.VisitorUuid;
import io.github.vwopush.internal.protocol.WireRequest;
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

	private static final long[] NO_STAMPS = new long[0];

	private static final Pattern WEB_VISITOR = Pattern.compile("[DJ][0-9A-Fa-f]{32}");

	private final VisitorUuid visitorUuid;

	private final BooleanSupplier webVisitors;

	RequestShape(Transport transport, int maxEvents, PushWireFormat wire, VisitorUuid visitorUuid) {
		this(transport, maxEvents, wire, visitorUuid, () -> false);
	}

	/**
	 * @param webVisitors whether a web visitor's id ({@code D} or {@code J} and 32 hex digits)
	 * is the visitor id as it is, as VWO's settings say on FME
	 */
	RequestShape(Transport transport, int maxEvents, PushWireFormat wire, VisitorUuid visitorUuid,
			BooleanSupplier webVisitors) {
		this.transport = transport;
		this.visitorUuid = visitorUuid;
		this.webVisitors = webVisitors;
		switch (transport) {
			case BATCH -> {
				this.maxEvents = maxEvents;
				this.onePush = false;
				this.writer = (payloads, prefix, stamps) -> wire.batchEvents(flatten(payloads), prefix);
			}
			// One visitor per request: its message id is derived from the visitor.
			case EVENT_ARCH -> {
				this.maxEvents = maxEvents;
				this.onePush = true;
				this.writer = (payloads, prefix, stamps) -> wire.eventArch(payloads.get(0), prefix, stamps[0],
						System.currentTimeMillis(), ThreadLocalRandom.current().nextDouble());
			}
			case LEGACY -> {
				this.maxEvents = 1;
				this.onePush = true;
				this.writer = (payloads, prefix, stamps) -> wire.legacyPush(payloads.get(0).get(0), prefix,
						ThreadLocalRandom.current().nextDouble());
			}
			// One event-architecture payload per slice (one visitor each), many per request.
			case BATCH_V2 -> {
				this.maxEvents = maxEvents;
				this.onePush = false;
				this.writer = wire::batchEventsV2;
			}
			default -> throw new IllegalArgumentException("Unknown transport " + transport);
		}
	}

	private static List<PushEvent> flatten(List<List<PushEvent>> payloads) {
		if (payloads.size() == 1) {
			return payloads.get(0);
		}
		List<PushEvent> events = new ArrayList<>();
		payloads.forEach(events::addAll);
		return events;
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

	/** Whether requests carry event-architecture message ids, which need {@link MessageStamps}. */
	boolean usesMessageIds() {
		return this.transport == Transport.EVENT_ARCH || this.transport == Transport.BATCH_V2;
	}

	/** The request for a shipment, each payload with its slice's message stamp. */
	WireRequest write(Shipment shipment, @Nullable String collectionPrefix) {
		List<List<PushEvent>> payloads = new ArrayList<>(shipment.slices.size());
		for (Slice slice : shipment.slices) {
			QueuedPush push = slice.push;
			String uuid = push.visitorUuid;
			if (uuid == null) {
				uuid = visitorId(push.userId);
				push.visitorUuid = uuid;
			}
			List<PushEvent> events = new ArrayList<>(slice.size());
			for (int i = slice.from; i < slice.to; i++) {
				events.add(new PushEvent(push.keys[i], push.values[i], uuid, push.acceptedAtMillis, push.type(i),
						push.visitor));
			}
			payloads.add(events);
		}
		long[] stamps = shipment.messageStamps;
		return this.writer.write(payloads, collectionPrefix, (stamps != null) ? stamps : NO_STAMPS);
	}

	/** FME's rule: a web visitor's id is its visitor id; any other id is hashed into one (VWO's UUID). */
	private String visitorId(String userId) {
		if (this.webVisitors.getAsBoolean() && WEB_VISITOR.matcher(userId).matches()) {
			return userId;
		}
		return this.visitorUuid.of(userId);
	}

	@FunctionalInterface
	private interface Writer {

		WireRequest write(List<List<PushEvent>> payloads, @Nullable String collectionPrefix, long[] messageStamps);

	}

}
