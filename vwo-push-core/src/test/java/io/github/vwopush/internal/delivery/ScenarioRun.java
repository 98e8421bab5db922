package io.github.vwopush.internal.delivery;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.vwopush.internal.protocol.HttpUrl;
import io.github.vwopush.internal.protocol.Transport;
import io.github.vwopush.internal.protocol.VisitorUuid;
import io.github.vwopush.internal.spool.DiskSpool;

/**
 * Runs one scenario against the real engine: a faulty phase (with an outage first when
 * the scenario asks), the first engine's end (clean stop, stop at the shutdown deadline,
 * or a crash), then always a final phase on a healthy collector in which everything must
 * settle and {@code flush} return {@code true}. Findings made on the way go to the
 * history; {@link HistoryChecker} judges the rest afterwards.
 */
final class ScenarioRun {

	/**
	 * How long VWO's recovery may take to show: retries back off 30 ms at most, answers
	 * take 300 ms at most; and the pending dimensions must go (the legacy transport sends
	 * one per request).
	 */
	private static Duration recovery(int backlog) {
		return Duration.ofMillis(Math.min(6_000, 2000 + 50L * backlog));
	}

	private static final AtomicLong accounts = new AtomicLong(700_000);

	private final Scenario scenario;

	private final ScriptedCollector server;

	/** The scenario's own account: the collector tells scenarios that run at once apart by it. */
	private final long accountId = accounts.incrementAndGet();

	private final PushHistory history = new PushHistory();

	private final List<FaultEngine> engines = new ArrayList<>();

	private final List<String> poison = new CopyOnWriteArrayList<>();

	/** Users of the application's own traffic after VWO recovers. */
	private List<String> liveUsers = List.of();

	private final Map<String, String> visitors = new HashMap<>();

	private ScriptedCollector.Script collector;

	private Path spool;

	/** When the first engine's shutdown deadline passed (stop at deadline), for the settle-at-deadline check. */
	long deadlineNanos;

	/** When the first engine crashed, or 0: answers around it may never have reached the engine. */
	long crashNanos;

	boolean finalFlushed;

	/** Milliseconds each phase took, for {@code -Dvwo.faults.verbose}. */
	final StringBuilder phases = new StringBuilder();

	private long phaseStarted = System.nanoTime();

	private void phase(String name) {
		long now = System.nanoTime();
		this.phases.append(name).append('=').append((now - this.phaseStarted) / 1_000_000).append(' ');
		this.phaseStarted = now;
	}

	boolean settledWithoutFlush;

	ScenarioRun(Scenario scenario, ScriptedCollector server) {
		this.scenario = scenario;
		this.server = server;
	}

	PushHistory history() {
		return this.history;
	}

	List<FaultEngine> engines() {
		return this.engines;
	}

	ScriptedCollector.Script collector() {
		return this.collector;
	}

	List<String> poison() {
		return this.poison;
	}

	/**
	 * Run the scenario; an exception is the engine misbehaving (or the harness), reported
	 * with the seed. Runs on a thread of a thread group of its own, which the engine's
	 * threads (sender, event loop, callback pool) join as they are created: that is how
	 * they are told apart from those of scenarios running at the same time.
	 */
	void run() throws Exception {
		Scenario s = this.scenario;
		List<List<String>> users = new ArrayList<>();
		for (int t = 0; t < s.pushers; t++) {
			users.add(users("t" + t, s.usersPerPusher));
		}
		List<String> loadUsers = users("load", 2);
		List<List<String>> probeUsers = List.of(users("p0", 2), users("p1", 2));
		this.liveUsers = users("live", 2);
		this.collector = this.server.begin(this.accountId, s.seed, this.visitors, s.responseTimeoutMillis,
				s.transport == Transport.BATCH || s.transport == Transport.BATCH_V2);
		this.spool = s.spool ? Files.createTempDirectory(spoolRoot(), "vwo-faults-" + s.seed + "-") : null;
		try {
			misconfigured();
			FaultEngine first = start();
			phase("start");
			if (s.outage) {
				outage(first, new Pusher(s, this.history, s.random.split(), users.get(0), this.poison));
				phase("outage");
			}
			this.collector.mode(ScriptedCollector.Mode.FAULTY);
			List<Pusher> pushers = new ArrayList<>();
			for (List<String> mine : users) {
				pushers.add(new Pusher(s, this.history, s.random.split(), mine, this.poison));
			}
			concurrently(pushers, (pusher) -> {
				for (int i = 0; i < s.actionsPerPusher; i++) {
					pusher.act(first);
					samplePending(first);
				}
			});
			phase("faulty");
			this.phases.append("threads=").append(engineThreads()).append(' ');
			FaultEngine last = end(first, pushers.get(0));
			phase("end");
			finalPhase(last, loadUsers, probeUsers);
		}
		finally {
			for (FaultEngine engine : this.engines) {
				if (!engine.stopped && !engine.crashed) {
					engine.stop();
				}
			}
		}
		this.server.end(this.accountId);
		leftBehind();
		phase("left-behind");
	}

	/**
	 * The application is first configured with URLs that carry a credential, in random forms
	 * (issue 20, defect 7): each must be refused, and the refusal must not repeat the secret.
	 */
	private void misconfigured() {
		SplittableRandom random = this.scenario.random.split();
		for (int i = 0; i < 4; i++) {
			String secret = "s3cr3t" + Long.toHexString(random.nextLong() & 0xffffffL);
			String url = CredentialUrls.url(random, secret);
			try {
				HttpUrl.parse(url);
				this.history.violation("credentials", "a URL with a credential in it was taken: " + url);
			}
			catch (HttpUrl.InvalidUrlException ex) {
				if (String.valueOf(ex.getMessage()).contains(secret)) {
					this.history.violation("credentials", "the refusal of " + url + " repeats its credential: "
							+ ex.getMessage());
				}
			}
		}
	}

	/**
	 * Where spool directories go: memory-backed {@code /dev/shm} when there is one, so that
	 * the sender's {@code fsync}s cost nothing and scenarios running at once do not queue on
	 * the disk ({@code -Dvwo.faults.spool-root} to choose).
	 */
	private static Path spoolRoot() {
		String chosen = System.getProperty("vwo.faults.spool-root");
		if (chosen != null) {
			return Path.of(chosen);
		}
		Path shm = Path.of("/dev/shm");
		return (Files.isDirectory(shm) && Files.isWritable(shm)) ? shm : Path.of(System.getProperty("java.io.tmpdir"));
	}

	private List<String> users(String group, int count) {
		List<String> names = new ArrayList<>();
		VisitorUuid uuids = VisitorUuid.forAccount(this.accountId);
		for (int i = 0; i < count; i++) {
			String user = "s" + this.scenario.seed + "-" + group + "-u" + i;
			names.add(user);
			this.visitors.put(uuids.of(user), user);
			// FME's web connectivity sends the user id itself.
			this.visitors.put(user, user);
		}
		return names;
	}

	private FaultEngine start() {
		FaultEngine engine = new FaultEngine(this.engines.size(), this.scenario, this.accountId, this.server,
				this.collector, this.spool);
		this.engines.add(engine);
		return engine;
	}

	/**
	 * VWO is down, the spool is on: async and visitor pushes, twice the queue's
	 * capacity. What the engine still holds of them (their values, held weakly by the test)
	 * must stay within the queue's limit once they are parked.
	 */
	private void outage(FaultEngine engine, Pusher pusher) {
		this.collector.mode(ScriptedCollector.Mode.DOWN);
		int from = this.history.calls().size();
		DefaultVwoPushService service = engine.service;
		for (int i = 0; i < this.scenario.queueCapacity * 2; i++) {
			pusher.pushHeavy(engine);
			samplePending(engine);
			// At a rate the spool keeps up with (parking makes room), not so fast that the queue drops them.
			waitFor(Duration.ofMillis(50), () -> service.pending() <= this.scenario.queueCapacity * 3 / 4);
		}
		List<PushHistory.Dim> tracked = this.history.calls()
			.subList(from, this.history.calls().size())
			.stream()
			.flatMap((call) -> call.dims.stream())
			.filter((dim) -> dim.handedOver != null)
			.toList();
		waitFor(Duration.ofSeconds(1), () -> engine.service.queueSize() <= 0);
		// What the engine may hold: the queue's capacity, and one batch being offered.
		int bound = this.scenario.queueCapacity + 2 * this.scenario.maxEvents + 4;
		int[] live = { 0 };
		boolean bounded = waitFor(Duration.ofSeconds(2), () -> {
			System.gc();
			sleep(50);
			live[0] = (int) tracked.stream().filter((dim) -> dim.handedOver.get() != null).count();
			return live[0] <= bound;
		});
		if (!bounded) {
			this.history.violation("bounded-memory", live[0] + " of " + tracked.size()
					+ " async/visitor push values still reachable during an outage with the spool on; queue capacity "
					+ this.scenario.queueCapacity + " (bound " + bound + ")");
		}
	}

	private void samplePending(FaultEngine engine) {
		int pending = engine.service.pending();
		// A concurrent offer counts its dimensions before it finds the queue full.
		int bound = this.scenario.queueCapacity + this.scenario.pushers * this.scenario.maxEvents * 2;
		if (pending > bound) {
			this.history.violation("bounded-memory", "pending() = " + pending + " > capacity "
					+ this.scenario.queueCapacity);
		}
		// Counted after the sender's poll could see a push, the waiting count goes below zero, and the step
		// from zero that wakes the sender can be missed (issue 20, defect 8).
		int waiting = engine.service.queueSize();
		if (waiting < 0) {
			this.history.violation("queue", "queueSize() = " + waiting + ": the waiting count went below zero");
		}
	}

	/**
	 * Four threads push as fast as they can while the sender takes their pushes: the waiting
	 * count, sampled after each push, must never go below zero (counted after the sender
	 * could take a push, it did, and the step that wakes the sender could be missed).
	 */
	private void contention(FaultEngine engine) throws Exception {
		List<Pusher> pushers = new ArrayList<>();
		for (int t = 0; t < 4; t++) {
			pushers.add(new Pusher(this.scenario, this.history, this.scenario.random.split(), users("c" + t, 2),
					new ArrayList<>()));
		}
		engine.racing = true;
		try {
			concurrently(pushers, (pusher) -> {
				for (int i = 0; i < 200; i++) {
					pusher.pushSingle(engine);
					samplePending(engine);
				}
			});
		}
		finally {
			engine.racing = false;
		}
		phase("contention");
	}

	/** The first engine's end; returns the engine the final phase runs on. */
	private FaultEngine end(FaultEngine first, Pusher pusher) throws Exception {
		switch (this.scenario.lifecycle) {
			case CLEAN_STOP -> {
				return first;
			}
			case STOP_AT_DEADLINE -> {
				long timeout = this.scenario.shutdownTimeout.toMillis();
				// Answers that arrive while the sender is busy must still be settled at the deadline. Either the
				// sender is held after its first request of the drain until the deadline is past, while VWO
				// answers that request at once; or it is slow to send (the first slow send's answer comes well
				// before the deadline, the second send is still slow when it passes). Else VWO is slow: requests
				// are in flight at the deadline.
				boolean heldAtDeadline = this.scenario.heldAtDeadline;
				this.collector.mode(heldAtDeadline ? ScriptedCollector.Mode.HEALTHY : ScriptedCollector.Mode.SLOW);
				for (int i = 0; i < 5; i++) {
					pusher.act(first);
				}
				if (this.scenario.random.nextBoolean()) {
					pusher.pushSplitThenNewer(first);
				}
				Thread.sleep(this.scenario.random.nextInt(this.scenario.responseTimeoutMillis / 2 + 1));
				if (!heldAtDeadline && this.scenario.random.nextBoolean() && timeout > 250) {
					this.collector.mode(ScriptedCollector.Mode.HEALTHY);
					first.slowSendMillis = timeout * 3 / 4 - 50;
					first.slowSends.set(2);
				}
				if (heldAtDeadline) {
					// Still lingering when stop() begins: the drain sends it at once.
					pusher.pushSingle(first);
				}
				long stopping = System.nanoTime();
				this.deadlineNanos = stopping + this.scenario.shutdownTimeout.toNanos();
				if (heldAtDeadline) {
					first.holdSenderUntil.set(this.deadlineNanos + TimeUnit.MILLISECONDS.toNanos(20));
				}
				first.stop();
				if (heldAtDeadline) {
					this.phases.append("held=").append(first.senderHeld).append(' ');
				}
				Duration took = Duration.ofNanos(System.nanoTime() - stopping);
				// stop() waits for the sender up to its timeout + 2 s, then for callbacks (1 s).
				if (took.compareTo(this.scenario.shutdownTimeout.plusMillis(3500)) > 0) {
					this.history.violation("shutdown", "stop() took " + took.toMillis() + " ms with vwo.shutdown.timeout="
							+ this.scenario.shutdownTimeout.toMillis() + " ms");
				}
				this.collector.mode(ScriptedCollector.Mode.HEALTHY);
				return start();
			}
			default -> {
				if (this.scenario.random.nextBoolean()) {
					pusher.pushSplitThenNewer(first);
				}
				// Everything accepted is in the journal (on disk), and maybe requests in flight: kill -9 now.
				waitFor(Duration.ofSeconds(1), () -> first.service.queueSize() <= 0);
				Thread.sleep(this.scenario.random.nextInt(30));
				first.crash();
				this.crashNanos = System.nanoTime();
				this.collector.mode(ScriptedCollector.Mode.HEALTHY);
				return start();
			}
		}
	}

	/**
	 * VWO recovers (the poison values are still refused): what is pending must drain without
	 * a flush, a flush must return {@code true} (while another thread keeps pushing, when
	 * the scenario asks), and pushes made now must go within their linger.
	 */
	private void finalPhase(FaultEngine engine, List<String> loadUsers, List<List<String>> probeUsers)
			throws Exception {
		this.collector.mode(ScriptedCollector.Mode.HEALTHY);
		boolean trace = Boolean.getBoolean("vwo.faults.trace");
		// The application keeps pushing, a little, until its flush: what a request VWO always refuses is told
		// apart by.
		Pusher live = new Pusher(this.scenario, this.history, this.scenario.random.split(), this.liveUsers,
				new ArrayList<>());
		AtomicBoolean living = new AtomicBoolean(true);
		Thread traffic = new Thread(() -> {
			while (living.get()) {
				live.pushHeavy(engine);
				samplePending(engine);
				LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
			}
		}, "live-traffic");
		traffic.start();
		try {
			if (this.scenario.contention) {
				contention(engine);
			}
			finalPhase(engine, loadUsers, probeUsers, trace);
		}
		finally {
			living.set(false);
			traffic.join();
		}
		phase("flush");
		if (this.finalFlushed) {
			probe(engine, probeUsers);
			phase("probe");
		}
		engine.stop();
		phase("stop");
	}

	private void finalPhase(FaultEngine engine, List<String> loadUsers, List<List<String>> probeUsers,
			boolean trace) throws Exception {
		DefaultVwoPushService service = engine.service;
		// Measured after the contention burst, whose pushes are part of the backlog (seed 40031: 12 pending
		// before it, 777 after, at two dimensions a request and one request at a time).
		Duration recovery = recovery(service.pending() + (int) service.spooledDimensions());
		int[] pending = { 0 };
		boolean drained = waitFor(recovery, () -> {
			if (trace) {
				System.out.println("trace " + System.nanoTime() / 1_000_000 + state(engine));
			}
			pending[0] = service.pending() + (int) service.spooledDimensions();
			return pending[0] <= this.poison.size();
		});
		if (!drained) {
			this.history.violation("progress", pending[0] + " dimension(s) still pending (in memory or parked) "
					+ recovery.toMillis() + " ms after VWO recovered; only " + this.poison.size()
					+ " poison value(s) may be" + state(engine));
		}
		phase("progress");
		if (this.scenario.loadDuringFlush) {
			flushUnderLoad(engine, loadUsers);
		}
		// Ten seconds, and more for a backlog: thousands of dimensions parked under load go a window at a time,
		// and with one dimension a request and one request at a time each costs a round trip (seed 20232: 9,653
		// parked, 40 s were not enough under a build's load).
		long backlog = service.pending() + service.spooledDimensions();
		long rounds = (backlog + this.scenario.maxEvents - 1) / this.scenario.maxEvents / this.scenario.maxInFlight;
		Duration flushTimeout = Duration.ofMillis(
				Math.max(Math.min(40_000, 10_000 + 5 * backlog), Math.min(90_000, 10_000 + 6 * rounds)));
		this.finalFlushed = service.flush(flushTimeout);
		if (!this.finalFlushed) {
			this.history.violation("flush", "flush(" + flushTimeout.toMillis() + " ms, for a backlog of " + backlog
					+ ") returned false on a healthy collector; pending="
					+ service.pending() + " parked=" + service.spooledDimensions() + " poison=" + this.poison.size());
		}
	}

	/**
	 * A flush while another thread keeps pushing: it waits only for what was accepted
	 * before it, so sustained load must not keep it from returning.
	 */
	private void flushUnderLoad(FaultEngine engine, List<String> loadUsers) throws Exception {
		Pusher load = new Pusher(this.scenario, this.history, this.scenario.random.split(), loadUsers, new ArrayList<>());
		AtomicBoolean done = new AtomicBoolean();
		Thread thread = new Thread(() -> {
			int pushed = 0;
			while (!done.get() && pushed++ < 20_000) {
				load.pushHeavy(engine);
			}
		}, "fault-schedule-load");
		thread.start();
		Thread.sleep(5);
		boolean flushed;
		// Three seconds, and more for what is before the flush (one dimension per request goes slowly): it
		// must not wait for what comes after it.
		long backlog = engine.service.pending() + engine.service.spooledDimensions();
		Duration timeout = Duration.ofMillis(Math.min(20_000, 3_000 + 5 * backlog));
		try {
			flushed = engine.service.flush(timeout);
		}
		finally {
			done.set(true);
			thread.join();
		}
		if (!flushed) {
			this.history.violation("flush", "flush(" + timeout.toMillis() + " ms, for a backlog of " + backlog
					+ ") under sustained load returned false on a healthy collector");
		}
	}

	/**
	 * Two threads push at once on a healthy collector, in a few bursts, each followed by a
	 * wait: the sender must take their pushes within the linger, without a flush to wake it
	 * (concurrent offers are where a missed wake-up hides).
	 */
	private void probe(FaultEngine engine, List<List<String>> probeUsers) throws Exception {
		List<Pusher> pushers = new ArrayList<>();
		for (List<String> mine : probeUsers) {
			pushers.add(new Pusher(this.scenario, this.history, this.scenario.random.split(), mine, new ArrayList<>()));
		}
		this.settledWithoutFlush = true;
		// Each producer may be held after its push is visible: the sender takes it, goes to sleep, and the
		// other producer's push must still wake it (issue 20, defect 8).
		engine.racing = true;
		for (int burst = 0; burst < 4 && this.settledWithoutFlush; burst++) {
			concurrently(pushers, (pusher) -> {
				for (int i = 0; i < 4; i++) {
					pusher.pushHeavy(engine);
					samplePending(engine);
				}
			});
			// The budget counts what is parked too, as the condition does (seed 20232 in a fresh clone's CI: 20
			// pending and 116 parked at one dimension a request and one request at a time, given 3 s for 20).
			this.settledWithoutFlush = waitFor(
					recovery(engine.service.pending() + (int) engine.service.spooledDimensions()),
					() -> engine.service.pending() == 0 && engine.service.spooledDimensions() == 0);
		}
		engine.racing = false;
		if (!this.settledWithoutFlush) {
			this.history.violation("liveness", engine.service.pending() + " dimension(s) pushed on a healthy collector "
					+ "still pending seconds later without a flush (linger " + this.scenario.linger.toMillis() + " ms)"
					+ state(engine));
			// Deliver them anyway, so that what VWO received can still be checked.
			engine.service.flush(Duration.ofSeconds(10));
		}
	}

	/** The engine's state, for a failure's message. */
	private String state(FaultEngine engine) {
		DefaultVwoPushService service = engine.service;
		ThreadGroup group = Thread.currentThread().getThreadGroup();
		String sender = Thread.getAllStackTraces()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().getName().equals("vwo-push-sender") && entry.getKey().isAlive()
					&& entry.getKey().getThreadGroup() == group)
			.map((entry) -> entry.getKey().getState() + " at " + ((entry.getValue().length > 2)
					? entry.getValue()[1] + " < " + entry.getValue()[2] + " < " + entry.getValue()[3] : ""))
			.findFirst()
			.orElse("none");
		return " [queued " + service.queueSize() + ", pending " + service.pending() + ", parked "
				+ service.spooledDimensions() + ", requests seen " + this.collector.requests() + " (settings " + this.collector.settingsRequests()
				+ ", " + service.settings() + "), last answer "
				+ service.status().lastError() + ", sender " + sender + "]";
	}

	/** No engine thread outlives its engine, and the spool directory is free for the next process. */
	private void leftBehind() throws IOException {
		boolean gone = waitFor(Duration.ofSeconds(5), () -> engineThreads().isEmpty());
		if (!gone) {
			this.history.violation("threads", "left running after stop: " + engineThreads());
		}
		if (this.spool != null) {
			try (DiskSpool reopened = DiskSpool.open(this.spool, 64L * 1024 * 1024)) {
				if (this.finalFlushed && this.settledWithoutFlush && reopened.recoveredDimensions() > 0) {
					this.history.violation("no-loss", reopened.recoveredDimensions()
							+ " dimension(s) left in the spool after everything was flushed and delivered");
				}
			}
			catch (IOException | RuntimeException ex) {
				this.history.violation("spool-lock", "the spool directory cannot be reopened after stop: " + ex);
			}
			deleteSpool();
		}
	}

	/** Remove the scenario's spool directory, if it is still there (also after a scenario that threw). */
	void deleteSpool() throws IOException {
		if (this.spool != null && Files.exists(this.spool)) {
			try (Stream<Path> files = Files.walk(this.spool)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
		}
	}

	private static List<String> engineThreads() {
		ThreadGroup group = Thread.currentThread().getThreadGroup();
		Thread[] threads = new Thread[group.activeCount() + 16];
		int count = group.enumerate(threads, true);
		return Arrays.stream(threads, 0, count)
			.filter(Thread::isAlive)
			.map(Thread::getName)
			.filter((name) -> name.startsWith("vwo-"))
			.sorted()
			.collect(Collectors.toList());
	}

	private interface Work {

		void run(Pusher pusher) throws Exception;

	}

	private static void concurrently(List<Pusher> pushers, Work work) throws Exception {
		List<Thread> threads = new ArrayList<>();
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		for (Pusher pusher : pushers) {
			Thread thread = new Thread(() -> {
				try {
					work.run(pusher);
				}
				catch (Throwable ex) {
					failures.add(ex);
				}
			}, "fault-schedule-pusher");
			threads.add(thread);
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		if (!failures.isEmpty()) {
			throw new IllegalStateException("a push threw", failures.get(0));
		}
	}

	/** Poll until the condition holds or the time is up. */
	static boolean waitFor(Duration atMost, BooleanSupplier condition) {
		long end = System.nanoTime() + atMost.toNanos();
		while (true) {
			if (condition.getAsBoolean()) {
				return true;
			}
			if (System.nanoTime() - end > 0) {
				return false;
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** A split of the scenario's generator, for a helper that draws on its own. */
	SplittableRandom random() {
		return this.scenario.random.split();
	}

}
