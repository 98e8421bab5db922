package io.github.vwopush;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.github.vwopush.VwoWireMock.ReceivedEvent;

/**
 * Plays VWO's round trip on WireMock's batch endpoint and watches what is in flight: every
 * push request is answered after the configured delay (measured as the time it is held
 * between arrival and answer, so nothing counted in flight has been answered), and the
 * recorder counts how many were held at once and whether two held at once carried the same
 * user key. Register it with {@code extensions(...)}.
 */
public final class InFlightRecorder implements ResponseTransformerV2 {

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final Map<String, Integer> userKeysInFlight = new HashMap<>();

	private final List<Arrival> arrivals = new ArrayList<>();

	private int overlaps;

	private volatile int minDelayMillis;

	private volatile int maxDelayMillis;

	/** Answer each push request after this long. */
	public void delay(int millis) {
		delay(millis, millis);
	}

	/** Answer each push request after a random time in this range, so answers come back out of order. */
	public void delay(int minMillis, int maxMillis) {
		this.minDelayMillis = minMillis;
		this.maxDelayMillis = maxMillis;
	}

	/** Forget what was recorded (the delay stays). */
	public synchronized void reset() {
		this.maxInFlight.set(this.inFlight.get());
		this.arrivals.clear();
		this.overlaps = 0;
	}

	/** The most push requests held at once since the last reset. */
	public int maxInFlight() {
		return this.maxInFlight.get();
	}

	/** How often a request arrived carrying a user key that another request held at that moment carried too. */
	public synchronized int overlaps() {
		return this.overlaps;
	}

	/** Push requests in arrival order, since the last reset. */
	public synchronized List<Arrival> arrivals() {
		return List.copyOf(this.arrivals);
	}

	@Override
	public Response transform(Response response, ServeEvent serveEvent) {
		if (!serveEvent.getRequest().getUrl().contains("/server-side/batch-events?")) {
			return response;
		}
		List<ReceivedEvent> events = VwoWireMock.decodeEvents(serveEvent.getRequest());
		synchronized (this) {
			this.arrivals.add(new Arrival(System.nanoTime(), response.getStatus(), events));
			for (ReceivedEvent event : events) {
				String userKey = event.visitor() + "\u0000" + event.key();
				if (this.userKeysInFlight.merge(userKey, 1, Integer::sum) > 1
						&& !sameRequestHoldsItTwice(events, event)) {
					this.overlaps++;
				}
			}
		}
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		try {
			int min = this.minDelayMillis;
			int max = this.maxDelayMillis;
			int delay = (max > min) ? ThreadLocalRandom.current().nextInt(min, max + 1) : min;
			// The simulated round trip of VWO, not a synchronization.
			Thread.sleep(delay);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			this.inFlight.decrementAndGet();
			synchronized (this) {
				for (ReceivedEvent event : events) {
					this.userKeysInFlight.computeIfPresent(event.visitor() + "\u0000" + event.key(),
							(key, count) -> (count > 1) ? count - 1 : null);
				}
			}
		}
		return response;
	}

	/** One request may carry a user key twice (two values in push order); only two requests at once overlap. */
	private boolean sameRequestHoldsItTwice(List<ReceivedEvent> events, ReceivedEvent event) {
		int inThisRequest = 0;
		for (ReceivedEvent other : events) {
			if (other.visitor().equals(event.visitor()) && other.key().equals(event.key())) {
				inThisRequest++;
			}
		}
		return this.userKeysInFlight.get(event.visitor() + "\u0000" + event.key()) <= inThisRequest;
	}

	@Override
	public boolean applyGlobally() {
		return true;
	}

	@Override
	public String getName() {
		return "in-flight-recorder";
	}

	/**
	 * One push request as it arrived.
	 * @param atNanos when ({@link System#nanoTime()})
	 * @param status the status it was answered with
	 * @param events its events
	 */
	public record Arrival(long atNanos, int status, List<ReceivedEvent> events) {
	}

}
