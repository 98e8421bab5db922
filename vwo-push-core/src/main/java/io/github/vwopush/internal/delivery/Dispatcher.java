package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.github.vwopush.PushReason;
import io.github.vwopush.internal.http.HttpResult;
import io.github.vwopush.internal.http.VwoHttpClient;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Sends requests, several at a time, and owns what governs how many: the in-flight window
 * and the failure streak's backoff. The window grows by one with each success up to its
 * maximum and falls back to a single request on a retryable failure, so that while VWO fails
 * it sees one probe per backoff period, not one per slot; the failure of a request sent
 * before the streak's last failure is not counted again. Retries go ahead of new requests,
 * in the order they failed. A request VWO finds too large (413), or refuses for what one of
 * its values says (400, 422), is sent again in halves, one after the other, down to the
 * dimension VWO refuses alone: only that one fails.
 * <p>
 * A request that failed is not sent again first: another request goes ahead of it as a
 * probe, new traffic when there is some. If VWO accepts that one, refuses no fresh request,
 * and then refuses the first again (a strike), the first looks like a payload VWO will never
 * take (a "poison" request), not an outage: it is split like a 413 down to the dimension VWO
 * refuses, which fails with reason {@code poison} after {@value #STRIKES_TO_FAIL} strikes, and
 * strikes count neither against the window nor towards the backoff, so healthy traffic
 * keeps flowing. While every request fails, the probe and the retry take turns, one per
 * backoff period; while VWO refuses other requests at random, strikes are rare and it gets
 * through first.
 * Requests go where its {@link RequestOutlet} sends them: to VWO over HTTP, or to a public
 * {@code VwoOutlet} such as a Kafka topic, whose answers it judges in the same terms.
 * Answers arrive on the HTTP client's event loop (or the outlet's thread) and are only
 * queued there; the sender thread settles them. Everything else runs on the sender thread.
 */
final class Dispatcher {

	private final RequestShape shape;

	/** Where requests go: VWO over HTTP, or an outlet such as a Kafka topic. */
	private final RequestOutlet outlet;

	private final RetryPolicy retryPolicy;

	private final DeliveryListener listener;

	private final Settlement settlement;

	private final HeldKeys held;

	private final boolean retriesUntilDelivered;

	private final int maxInFlight;

	private final Runnable wakeSender;

	private final RacePoints races;

	private final ConcurrentLinkedQueue<Answer> answers = new ConcurrentLinkedQueue<>();

	private final List<Shipment> inFlight = new ArrayList<>();

	private final ArrayDeque<Shipment> retries = new ArrayDeque<>();

	private int window = 1;

	/** Failures since the last success; shared by all requests so an outage is probed, not hammered. */
	private int consecutiveFailures;

	/** Counts the failures that extended the streak: a request sent before the last one is stale. */
	private long failureGeneration;

	private long notBeforeNanos;

	private boolean backingOff;

	/** Answers VWO accepted so far. */
	private long accepted;

	/**
	 * Retryable failures so far of requests refused for the first time: how flaky VWO is
	 * besides the suspects (whose own refusals do not count against each other).
	 */
	private long refusedOthers;

	/**
	 * Strikes after which a request of one dimension is failed as poison. A VWO that refuses
	 * about half of all requests at random gives a strike (a refusal after an acceptance,
	 * with no fresh request refused in between) at most one round in four and accepts the
	 * request one round in two: ten strikes before it gets through is a few in a hundred
	 * thousand at worst. A refusal that is no strike (another request refused in between, or
	 * no acceptance since its last one) neither counts nor resets.
	 */
	private static final int STRIKES_TO_FAIL = 10;

	private final MessageStamps stamps = new MessageStamps();

	/** Requests of new slices sent so far: their numbers. */
	private long shipments;

	Dispatcher(RequestShape shape, VwoHttpClient http, RetryPolicy retryPolicy, DeliveryListener listener,
			Settlement settlement, HeldKeys held, boolean retriesUntilDelivered, int maxInFlight, Runnable wakeSender,
			RacePoints races) {
		this(shape, new HttpRequests(shape, http), retryPolicy, listener, settlement, held, retriesUntilDelivered,
				maxInFlight, wakeSender, races);
	}

	Dispatcher(RequestShape shape, RequestOutlet outlet, RetryPolicy retryPolicy, DeliveryListener listener,
			Settlement settlement, HeldKeys held, boolean retriesUntilDelivered, int maxInFlight, Runnable wakeSender,
			RacePoints races) {
		this.shape = shape;
		this.outlet = outlet;
		this.retryPolicy = retryPolicy;
		this.listener = listener;
		this.settlement = settlement;
		this.held = held;
		this.retriesUntilDelivered = retriesUntilDelivered;
		this.maxInFlight = maxInFlight;
		this.wakeSender = wakeSender;
		this.races = races;
	}

	/** Whether the window has room for another request now (the backoff allowing). */
	boolean canSend(long nowNanos) {
		return this.inFlight.size() < this.window && !isBackingOff(nowNanos);
	}

	/** Whether the window is full, whatever the backoff: only an answer can change that. */
	boolean windowFull() {
		return this.inFlight.size() >= this.window;
	}

	private boolean isBackingOff(long nowNanos) {
		if (this.backingOff && nowNanos - this.notBeforeNanos >= 0) {
			this.backingOff = false;
		}
		return this.backingOff;
	}

	/** When the backoff ends, as a {@link System#nanoTime()} value, or {@code now} when there is none. */
	long notBeforeNanos(long nowNanos) {
		return isBackingOff(nowNanos) ? this.notBeforeNanos : nowNanos;
	}

	/** Whether VWO answered the last request that counted (no failure streak). */
	boolean vwoAnswers() {
		return this.consecutiveFailures == 0;
	}

	boolean hasRetries() {
		return !this.retries.isEmpty();
	}

	/** Nothing in flight or waiting to be retried. */
	boolean isIdle() {
		return this.inFlight.isEmpty() && this.retries.isEmpty();
	}

	int inFlight() {
		return this.inFlight.size();
	}

	/**
	 * Send the oldest retry or, when it failed last time, another request ahead of it as a
	 * probe: new traffic if there is some, else another retry, else its own halves. New
	 * traffic goes first because only it can tell a poison request from an outage: two
	 * requests VWO never takes, each the other's probe, would keep everything else waiting.
	 * @param newTraffic whether the caller has new dimensions to send as the probe
	 * @return {@code false} when the caller is to send new traffic as the probe now (and
	 * then tell {@link #probeSent()}, or call again without new traffic)
	 */
	boolean sendRetry(@Nullable String collectionPrefix, boolean newTraffic) {
		Shipment oldest = this.retries.peekFirst();
		if (oldest.wantsProbe) {
			if (newTraffic) {
				return false;
			}
			oldest.wantsProbe = false;
			if (this.retries.size() > 1) {
				Iterator<Shipment> waiting = this.retries.iterator();
				waiting.next();
				Shipment probe = waiting.next();
				waiting.remove();
				send(probe, collectionPrefix);
				return true;
			}
			probeWithHalves();
		}
		send(this.retries.pollFirst(), collectionPrefix);
		return true;
	}

	/** New traffic went as the oldest retry's probe: the retry goes next. */
	void probeSent() {
		Shipment oldest = this.retries.peekFirst();
		if (oldest != null) {
			oldest.wantsProbe = false;
		}
	}

	/**
	 * No other traffic can probe for the oldest retry: its halves probe for each other, once
	 * (a half is not split again for that).
	 * @return {@code true} when it was split, its halves now first in line
	 */
	boolean probeWithHalves() {
		Shipment oldest = this.retries.peekFirst();
		if (oldest == null || oldest.probeHalf || !hasIndependentHalves(oldest)) {
			return false;
		}
		this.retries.pollFirst();
		for (Shipment half : halves(oldest, true)) {
			half.probeHalf = true;
		}
		return true;
	}

	/**
	 * Whether the only retry waits for a probe: then parked dimensions may be read back to
	 * serve as one, though VWO is not answering.
	 */
	boolean wantsProbe() {
		return this.retries.size() == 1 && this.retries.peekFirst().wantsProbe;
	}

	/** Send new slices; their user keys are held until their push is final. */
	void send(List<Slice> slices, @Nullable String collectionPrefix) {
		this.held.hold(slices);
		Shipment shipment = new Shipment(slices);
		shipment.number = ++this.shipments;
		send(shipment, collectionPrefix);
	}

	/** The number of the last request of new slices sent. */
	long lastShipment() {
		return this.shipments;
	}

	/** Whether every request numbered up to {@code number} is final: nothing of it in flight or waiting. */
	boolean finalThrough(long number) {
		for (Shipment shipment : this.inFlight) {
			if (shipment.number <= number) {
				return false;
			}
		}
		for (Shipment shipment : this.retries) {
			if (shipment.number <= number) {
				return false;
			}
		}
		return true;
	}

	private void send(Shipment shipment, @Nullable String collectionPrefix) {
		if (shipment.attempts == 0) {
			shipment.firstAttemptNanos = System.nanoTime();
			shipment.messageStamps = this.shape.usesMessageIds() ? this.stamps.next(shipment.slices) : null;
		}
		shipment.failureGeneration = this.failureGeneration;
		Mono<HttpResult> exchange;
		try {
			exchange = this.outlet.exchange(shipment, collectionPrefix);
		}
		catch (RuntimeException ex) {
			this.settlement.internalError(shipment.slices, ex);
			next(shipment);
			return;
		}
		this.inFlight.add(shipment);
		shipment.exchange = exchange.subscribe((result) -> answered(shipment, result),
				(ex) -> answered(shipment, null));
		this.races.reached(RacePoints.Point.REQUEST_SENT);
	}

	/** On the HTTP client's event loop: hand the answer to the sender thread. */
	private void answered(Shipment shipment, @Nullable HttpResult result) {
		this.answers.add(new Answer(shipment, result));
		this.wakeSender.run();
	}


	/**
	 * Settle every answer that has arrived.
	 * @return how many
	 */
	int settleAnswers() {
		int settled = 0;
		Answer answer;
		while ((answer = this.answers.poll()) != null) {
			Shipment shipment = answer.shipment();
			if (!this.inFlight.remove(shipment)) {
				continue;
			}
			settled++;
			shipment.exchange = null;
			try {
				settle(shipment, answer.result());
			}
			catch (RuntimeException ex) {
				this.settlement.internalError(shipment.slices, ex);
				next(shipment);
			}
		}
		return settled;
	}

	private void settle(Shipment shipment, @Nullable HttpResult result) {
		if (result == null) {
			throw new IllegalStateException("the HTTP client ended without a result");
		}
		shipment.attempts++;
		this.listener.requestCompleted(this.outlet.transport(), result, shipment.dimensions);
		// Sent before the streak's last failure: its answer says nothing about VWO now.
		boolean stale = shipment.failureGeneration != this.failureGeneration;
		if (result.isSuccess()) {
			if (!stale) {
				// Only an answer to a request sent since the last failure shows that VWO takes requests now.
				this.accepted++;
				this.window = Math.min(this.maxInFlight, this.window + 1);
				this.consecutiveFailures = 0;
				this.backingOff = false;
			}
			this.settlement.finish(shipment.slices, this.outlet.acceptedReason(), this.outlet.acceptedMessage(result));
			next(shipment);
			return;
		}
		if (result.status() == 413 && this.shape.splittable() && shipment.dimensions > 1) {
			this.retries.addFirst(split(shipment));
			return;
		}
		if (!this.retryPolicy.isRetryable(result)) {
			if (refusedForAValue(result) && this.shape.splittable() && shipment.dimensions > 1) {
				// VWO refuses a request for what one of its values says: the others must not fail with it. Halves,
				// as after a 413, down to the dimension VWO refuses alone.
				this.retries.addFirst(split(shipment));
				return;
			}
			this.settlement.fail(shipment.slices, result, this.outlet.refusedMessage(result));
			next(shipment);
			return;
		}
		shipment.lastFailure = result;
		// A strike: since its last failure VWO accepted requests sent after it and refused no other. A flaky VWO
		// refuses others too, an outage refuses everything: only a payload VWO never takes strikes again and again.
		boolean retried = shipment.failedAtAccepted >= 0;
		boolean afterAcceptance = retried && this.accepted > shipment.failedAtAccepted;
		boolean strike = afterAcceptance && this.refusedOthers == shipment.failedAtRefused
				&& this.outlet.isolatesPoison();
		if (!retried) {
			// Only refusals of requests under no suspicion show a flaky VWO: counted with the suspects', two
			// poison requests would keep each other from ever striking.
			this.refusedOthers++;
		}
		// A refusal that is no strike does not reset the count: else a stream of new poison values, each
		// refused at its first attempt, would keep the older ones from ever reaching it.
		shipment.failedAtAccepted = this.accepted;
		shipment.failedAtRefused = this.refusedOthers;
		if (strike) {
			isolate(shipment, result);
			return;
		}
		shipment.wantsProbe = true;
		this.window = 1;
		long now = System.nanoTime();
		Duration delay;
		if (stale) {
			// Only VWO's own Retry-After may lengthen the backoff the fresh failure already set.
			delay = this.retryPolicy.retryAfter(result.retryAfter(), Instant.now());
			delay = (delay != null) ? delay : Duration.ZERO;
		}
		else {
			this.consecutiveFailures++;
			this.failureGeneration++;
			delay = this.retryPolicy.backoff(this.consecutiveFailures, result.retryAfter(), Instant.now());
		}
		long notBefore = now + delay.toNanos();
		if (!isBackingOff(now) || notBefore - this.notBeforeNanos > 0) {
			this.notBeforeNanos = notBefore;
			this.backingOff = true;
		}
		if (givesUp(shipment, now)) {
			next(shipment);
		}
		else {
			this.retries.addLast(shipment);
		}
	}

	/**
	 * Fail a shipment whose retry budget is spent. With the spool, a retryable failure is
	 * never final: the dimensions wait for VWO, on disk if need be.
	 * @return {@code true} when it was failed
	 */
	private boolean givesUp(Shipment shipment, long nowNanos) {
		Duration elapsed = Duration.ofNanos(nowNanos - shipment.firstAttemptNanos);
		HttpResult last = shipment.lastFailure;
		if (this.retriesUntilDelivered || last == null || !this.retryPolicy.givesUp(shipment.attempts, elapsed)) {
			return false;
		}
		this.settlement.fail(shipment.slices, last, "gave up after " + shipment.attempts + " attempts in "
				+ elapsed.toSeconds() + "s (vwo.retry.max-elapsed=" + this.retryPolicy.maxElapsed() + "); last: "
				+ last.describe());
		return true;
	}

	/**
	 * Fail the waiting retries whose budget ran out while they waited behind the probe, so
	 * that an outage ends for all of them when it ends for the first.
	 */
	void expireRetries() {
		if (this.retriesUntilDelivered || this.retries.isEmpty()) {
			return;
		}
		long now = System.nanoTime();
		List<Shipment> waiting = new ArrayList<>(this.retries);
		this.retries.clear();
		for (Shipment shipment : waiting) {
			if (!givesUp(shipment, now)) {
				this.retries.addLast(shipment);
			}
			else {
				// What waited for it takes its place in the line.
				Shipment waited = released(shipment);
				if (waited != null) {
					this.retries.addLast(waited);
				}
			}
		}
	}

	/**
	 * A strike: VWO refused the shipment again while it accepted others. Not an outage, so
	 * neither the window nor the backoff changes. Its halves go at once, each judged the
	 * same way, down to the dimension VWO refuses, which fails with reason {@code poison}
	 * after {@value #STRIKES_TO_FAIL} strikes of its own (as does a request that cannot be
	 * split).
	 */
	private void isolate(Shipment shipment, HttpResult result) {
		if (hasIndependentHalves(shipment)) {
			halves(shipment, false);
			return;
		}
		if (shipment.dimensions > 1 && this.shape.splittable() && refusedUnapplied(result)) {
			// One user key's values, or pushes joined through their keys: in their order, the newer half waiting
			// for the older, as after a 413.
			this.retries.addFirst(splitInto(shipment, false).get(0));
			return;
		}
		if (++shipment.strikes < STRIKES_TO_FAIL) {
			// Again after a probe, for the next strike.
			shipment.wantsProbe = true;
			this.retries.addLast(shipment);
			return;
		}
		this.settlement.fail(shipment.slices, PushReason.POISON, "VWO refused it " + shipment.attempts
				+ " times while accepting other requests; last: " + result.describe());
		next(shipment);
	}

	/**
	 * Whether VWO (or a proxy) answered and refused the request, so it was not applied: one
	 * user key's values may then be sent again in two parts, the older first. A request that
	 * timed out, failed in transport or ended in a gateway timeout (504) may have been
	 * applied: sending its older part alone could leave VWO with it if shutdown came before
	 * the newer part, so it is failed whole after its strikes.
	 */
	private static boolean refusedForAValue(HttpResult result) {
		return result.failure() == null && (result.status() == 400 || result.status() == 422);
	}

	private static boolean refusedUnapplied(HttpResult result) {
		return result.failure() == null && result.status() >= 400 && result.status() != 504;
	}

	/**
	 * Put the halves of a failed shipment first in line, both at once: {@link #split}
	 * keeps each key's values and each push's values in one half, so when they are
	 * independent ({@link #hasIndependentHalves}) their order does not matter. As they and other requests are
	 * answered, a half refused again after an acceptance is split further.
	 * @param probing whether they stand for each other's probe (there was no other traffic)
	 */
	private List<Shipment> halves(Shipment shipment, boolean probing) {
		List<Shipment> halves = splitInto(shipment, probing);
		// What waited for the request waits for both halves: either may be final first (seed 20052: a push's two
		// keys went as halves, one was delivered, and the request's second part, a newer value of the other
		// key, went while the older one was still being retried).
		Shipment.Join join = new Shipment.Join(shipment);
		for (Shipment half : halves) {
			half.then = null;
			half.join = join;
		}
		this.retries.addFirst(halves.get(1));
		this.retries.addFirst(halves.get(0));
		return halves;
	}

	/** The two halves of a failed shipment, the first's {@code then} the second, carrying its attempts and budget. */
	private List<Shipment> splitInto(Shipment shipment, boolean probing) {
		Shipment first = split(shipment);
		Shipment second = first.then;
		for (Shipment half : List.of(first, second)) {
			// The halves stand for the request: its attempts and its retry budget go on.
			half.attempts = shipment.attempts;
			half.firstAttemptNanos = shipment.firstAttemptNanos;
			half.messageStamps = this.shape.usesMessageIds() ? this.stamps.next(half.slices) : null;
			half.failedAtAccepted = probing ? shipment.failedAtAccepted : this.accepted;
			half.failedAtRefused = probing ? shipment.failedAtRefused : this.refusedOthers;
		}
		return List.of(first, second);
	}

	/**
	 * Whether a failed shipment can be split into halves that go at once, in any order (for a
	 * probe, or to isolate a poison value): only between user keys, and only where no push
	 * has values in both halves. A request VWO answered with an error (or too late) may have
	 * been applied, and a user key's values sent again in two parts at once could leave VWO
	 * with the older part; a push's values in two halves at once could leave a newer value
	 * final while the push is not, and a restart replays the push over it. Otherwise it is
	 * split in order instead, the newer half waiting for the older.
	 */
	private boolean hasIndependentHalves(Shipment shipment) {
		return shipment.dimensions >= 2 && this.shape.splittable() && parts(shipment).independent();
	}

	/** A shipment is final: what waited for it goes next, ahead of the other retries. */
	private void next(Shipment shipment) {
		Shipment waited = released(shipment);
		if (waited != null) {
			this.retries.addFirst(waited);
		}
	}

	/**
	 * What waited for a shipment now final: the part after it, or, when it was the last
	 * half of a request split into halves that went at once, what waited for that request.
	 */
	private static @Nullable Shipment released(Shipment shipment) {
		return after(shipment, (join) -> --join.pending == 0);
	}

	/**
	 * What waits for a shipment: the part after it, or, for the last part of a request, what
	 * waits for that request, through each {@link Shipment.Join} that {@code passes}.
	 */
	private static @Nullable Shipment after(Shipment shipment, Predicate<Shipment.Join> passes) {
		Shipment part = shipment;
		while (part.then == null) {
			Shipment.Join join = part.join;
			if (join == null || !passes.test(join)) {
				return null;
			}
			part = join.whole;
		}
		return part.then;
	}

	/**
	 * Halves of one dimension slices each; the second waits for the first. The values of one
	 * user key stay together, in their order, whenever the request holds more than one user
	 * key: a request VWO answered with an error may still have been applied, and its values
	 * sent again apart would take VWO back to an older one for a while. So do a push's
	 * values where the request holds more than one push's worth. The original slices
	 * are marked finished because the halves now stand for them (their push's keys stay held
	 * until the push is final).
	 */
	private Shipment split(Shipment shipment) {
		Parts parts = parts(shipment);
		shipment.slices.forEach((slice) -> slice.finished = true);
		List<Slice> singles = parts.singles();
		// The first half: whole groups while it holds less than half the dimensions, never the last group.
		Set<Slice> inFirst = Collections.newSetFromMap(new IdentityHashMap<>());
		List<List<Slice>> groups = parts.groups();
		if (groups.size() > 1) {
			for (int g = 0; g < groups.size() - 1 && inFirst.size() < singles.size() / 2; g++) {
				inFirst.addAll(groups.get(g));
			}
		}
		else {
			inFirst.addAll(singles.subList(0, singles.size() / 2));
		}
		// Each half in the request's order, not in its groups' order: a group lists a user's values key by key,
		// and a half split again by push must see its pushes in the order they were accepted (seed 41395).
		Shipment first = new Shipment(singles.stream().filter(inFirst::contains).toList());
		Shipment second = new Shipment(singles.stream().filter((single) -> !inFirst.contains(single)).toList());
		first.number = shipment.number;
		second.number = shipment.number;
		first.then = second;
		second.then = shipment.then;
		second.join = shipment.join;
		return first;
	}

	/**
	 * What a shipment splits into, one dimension slices each, in order.
	 * @param singles its dimensions
	 * @param groups what must stay in one half: with one user key, none (any dimension may
	 * start the second half); else the user keys joined where a push has values in more than
	 * one; where that joins them all, the pushes, in their order (or, for one push, its keys)
	 * @param independent whether the halves may go at once, in any order
	 */
	private record Parts(List<Slice> singles, List<List<Slice>> groups, boolean independent) {
	}

	private static Parts parts(Shipment shipment) {
		Map<UserKey, List<Slice>> byUserKey = new LinkedHashMap<>();
		Map<QueuedPush, List<Slice>> byPush = new LinkedHashMap<>();
		List<Slice> singles = new ArrayList<>(shipment.dimensions);
		for (Slice slice : shipment.slices) {
			for (int i = slice.from; i < slice.to; i++) {
				Slice single = new Slice(slice.push, i, i + 1);
				singles.add(single);
				byUserKey.computeIfAbsent(UserKey.of(slice.push, i), (key) -> new ArrayList<>()).add(single);
				byPush.computeIfAbsent(slice.push, (push) -> new ArrayList<>()).add(single);
			}
		}
		if (byUserKey.size() < 2) {
			return new Parts(singles, List.of(), false);
		}
		List<List<Slice>> wholePushes = joinedByPush(new ArrayList<>(byUserKey.values()));
		if (wholePushes.size() > 1) {
			return new Parts(singles, wholePushes, true);
		}
		if (byPush.size() > 1) {
			// A push's keys hold a newer push's values too: the older pushes go first, the newer wait for them.
			return new Parts(singles, new ArrayList<>(byPush.values()), false);
		}
		return new Parts(singles, new ArrayList<>(byUserKey.values()), true);
	}

	/** Groups of user keys joined where one push has values in both, in the order they came. */
	private static List<List<Slice>> joinedByPush(List<List<Slice>> groups) {
		int[] parent = new int[groups.size()];
		Map<QueuedPush, Integer> groupOf = new IdentityHashMap<>();
		for (int g = 0; g < groups.size(); g++) {
			parent[g] = g;
			for (Slice slice : groups.get(g)) {
				Integer other = groupOf.putIfAbsent(slice.push, g);
				if (other != null) {
					parent[root(parent, g)] = root(parent, other);
				}
			}
		}
		Map<Integer, List<Slice>> joined = new LinkedHashMap<>();
		for (int g = 0; g < groups.size(); g++) {
			joined.computeIfAbsent(root(parent, g), (root) -> new ArrayList<>()).addAll(groups.get(g));
		}
		return new ArrayList<>(joined.values());
	}

	private static int root(int[] parent, int g) {
		while (parent[g] != g) {
			g = parent[g];
		}
		return g;
	}

	/** The monotonic acceptance time of the oldest dimension in flight or waiting for a retry. */
	long oldestAcceptedNanos() {
		long oldest = Long.MAX_VALUE;
		for (Shipment shipment : this.inFlight) {
			oldest = Math.min(oldest, shipment.oldestAcceptedNanos());
		}
		for (Shipment shipment : this.retries) {
			oldest = Math.min(oldest, shipment.oldestAcceptedNanos());
		}
		return oldest;
	}

	/**
	 * Shutdown's deadline: cancel what is in flight, settle the answers that arrived before
	 * that (a 2xx already received is a delivery, not a drop), and hand every slice not yet
	 * final, in flight or waiting, to {@code leftover}.
	 */
	void abandon(Consumer<Slice> leftover) {
		for (Shipment shipment : this.inFlight) {
			if (shipment.exchange != null) {
				shipment.exchange.dispose();
			}
		}
		settleAnswers();
		List<Shipment> all = new ArrayList<>(this.inFlight);
		all.addAll(this.retries);
		this.inFlight.clear();
		this.retries.clear();
		Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Shipment shipment : all) {
			leaveFrom(shipment, seen, leftover);
		}
	}

	/** A shipment's slices and what waits for it, each once: the halves of a request share what waits for it. */
	private static void leaveFrom(Shipment shipment, Set<Object> seen, Consumer<Slice> leftover) {
		for (Shipment part = shipment; part != null && seen.add(part); part = part.then) {
			part.slices.forEach(leftover);
			// After the last part, what waits for its request (the request itself is its parts, not left over again).
			Shipment waiting = (part.then == null) ? after(part, seen::add) : null;
			if (waiting != null) {
				leaveFrom(waiting, seen, leftover);
			}
		}
	}

	private record Answer(Shipment shipment, @Nullable HttpResult result) {
	}

}

