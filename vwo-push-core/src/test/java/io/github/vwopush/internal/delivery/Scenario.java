package io.github.vwopush.internal.delivery;

import java.time.Duration;
import java.util.SplittableRandom;

import io.github.vwopush.internal.protocol.Platform;
import io.github.vwopush.internal.protocol.Transport;

/**
 * Everything one seed decides before the run: platform and transport, the engine's
 * (scaled-down) settings, the inputs' shape and the lifecycle. The same seed always gives
 * the same scenario; the pushes themselves are drawn from per-thread generators split from
 * {@link #random}.
 */
final class Scenario {

	/** How the first engine ends. */
	enum Lifecycle {

		/** VWO recovers, flush, then {@code stop()}. */
		CLEAN_STOP,

		/** {@code stop()} while answers are slow: requests in flight at the shutdown deadline. */
		STOP_AT_DEADLINE,

		/** kill -9 ({@code crash()}), then a new engine on the same spool directory. */
		CRASH

	}

	final long seed;

	final SplittableRandom random;

	final Platform platform;

	final Transport transport;

	final boolean spool;

	final Lifecycle lifecycle;

	/** An outage phase with many async and visitor pushes, to measure what the engine keeps on the heap. */
	final boolean outage;

	/** The final flush runs while another thread keeps pushing. */
	final boolean loadDuringFlush;

	final int maxEvents;

	final int maxInFlight;

	final int queueCapacity;

	final Duration linger;

	final Duration initialBackoff;

	final Duration maxBackoff;

	final Duration maxRetryAfter = Duration.ofMillis(50);

	final Duration maxElapsed = Duration.ofSeconds(3);

	final int responseTimeoutMillis;

	final Duration shutdownTimeout;

	final Duration syncInterval;

	final Duration settingsInterval;

	final int pushers;

	final int actionsPerPusher;

	final int usersPerPusher;

	final int keys;

	/** Whether scenarios push poison values (on unless -Dvwo.faults.poison=false). */
	static final boolean POISON = !"false".equals(System.getProperty("vwo.faults.poison"));

	/** Per mille of single pushes whose value VWO always refuses. */

	final int poisonPerMille;

	/** Four threads push in a tight loop once VWO recovers: the queue's counts under contention. */
	final boolean contention;

	/**
	 * Stop at the deadline: the sender is held after its first request of the drain until the
	 * deadline is past, while VWO answers that request at once.
	 */
	final boolean heldAtDeadline;

	/** The spool's disk is full once its first segment holds this many bytes, or -1. */
	final long diskFullAfterBytes;

	Scenario(long seed) {
		this.seed = seed;
		this.random = new SplittableRandom(seed);
		SplittableRandom r = this.random;
		this.platform = (r.nextInt(4) == 0) ? Platform.FME : Platform.FULLSTACK;
		this.transport = (this.platform == Platform.FME) ? pick(r, Transport.BATCH_V2, Transport.EVENT_ARCH)
				: pick(r, Transport.BATCH, Transport.BATCH, Transport.EVENT_ARCH, Transport.LEGACY);
		this.spool = r.nextInt(3) != 0;
		int life = r.nextInt(10);
		this.lifecycle = (life < 4) ? Lifecycle.CLEAN_STOP
				: (life < 7 || !this.spool) ? Lifecycle.STOP_AT_DEADLINE : Lifecycle.CRASH;
		this.outage = this.spool && r.nextInt(3) == 0;
		this.loadDuringFlush = this.spool && r.nextInt(6) == 0;
		this.maxEvents = 1 + r.nextInt(8);
		this.maxInFlight = 1 + r.nextInt(6);
		this.queueCapacity = 16 + r.nextInt(49);
		this.linger = Duration.ofMillis(1 + r.nextInt(20));
		this.initialBackoff = Duration.ofMillis(1 + r.nextInt(5));
		this.maxBackoff = Duration.ofMillis(10 + r.nextInt(21));
		this.responseTimeoutMillis = 200 + r.nextInt(101);
		// A quarter with no time at all: stop() abandons what is in flight at once.
		this.shutdownTimeout = Duration.ofMillis((r.nextInt(4) == 0) ? 0 : r.nextInt(501));
		this.syncInterval = Duration.ofMillis(1 + r.nextInt(20));
		this.settingsInterval = Duration.ofMillis(50 + r.nextInt(500));
		this.pushers = 1 + r.nextInt(2);
		this.actionsPerPusher = 8 + r.nextInt(25);
		this.usersPerPusher = 1 + r.nextInt(3);
		this.keys = 1 + r.nextInt(4);
		int poison = (r.nextInt(3) == 0) ? 20 + r.nextInt(60) : 0;
		// Drawn either way, so that a seed is the same scenario with poison values on or off.
		this.poisonPerMille = POISON ? poison : 0;
		// A clean stop only: pushes the disk refused live in memory alone, so a crash would lose them.
		boolean diskFills = this.spool && this.lifecycle == Lifecycle.CLEAN_STOP && r.nextInt(3) == 0;
		int diskBytes = 256 + r.nextInt(8 * 1024);
		this.diskFullAfterBytes = diskFills ? diskBytes : -1;
		this.contention = r.nextInt(8) == 0;
		this.heldAtDeadline = this.lifecycle == Lifecycle.STOP_AT_DEADLINE && this.shutdownTimeout.toMillis() > 250
				&& r.nextInt(3) == 0;
	}

	@SafeVarargs
	private static <T> T pick(SplittableRandom random, T... choices) {
		return choices[random.nextInt(choices.length)];
	}

	/** The scenario's kind, for the summary: lifecycle, spool, transport. */
	String kind() {
		return this.lifecycle.name().toLowerCase() + (this.spool ? "+spool" : "") + (this.outage ? "+outage" : "")
				+ (this.loadDuringFlush ? "+load" : "") + ((this.poisonPerMille > 0) ? "+poison" : "")
				+ ((this.diskFullAfterBytes >= 0) ? "+diskfull" : "") + (this.contention ? "+contention" : "") + (this.heldAtDeadline ? "+held" : "");
	}

	@Override
	public String toString() {
		return "seed=" + this.seed + " " + kind() + " " + this.platform + "/" + this.transport + " maxEvents="
				+ this.maxEvents + " maxInFlight=" + this.maxInFlight + " capacity=" + this.queueCapacity + " linger="
				+ this.linger.toMillis() + "ms backoff=" + this.initialBackoff.toMillis() + ".."
				+ this.maxBackoff.toMillis() + "ms responseTimeout=" + this.responseTimeoutMillis + "ms shutdown="
				+ this.shutdownTimeout.toMillis() + "ms pushers=" + this.pushers + "x" + this.actionsPerPusher;
	}

}
