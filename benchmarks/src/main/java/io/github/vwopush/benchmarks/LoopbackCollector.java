package io.github.vwopush.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A loopback stand-in for VWO that answers every request with 200 and counts the push
 * events it acknowledged: one per {@code "eT":3} in a batch body, one per legacy GET.
 * Requests to {@code /events/t} are answered like the other pushes, but their dimensions
 * are not counted: no benchmark uses that transport.
 * <p>
 * Push requests can be answered after a fixed delay, standing in for VWO's round trip. The
 * answer is written by a scheduler, so a waiting request holds no server thread and any
 * number of them can be in flight at once; {@link #maxInFlight()} tells how many were.
 */
public final class LoopbackCollector implements AutoCloseable {

	/** VWO's fixed host, resolved to 127.0.0.1 through {@code -Djdk.net.hosts.file}. */
	public static final String VWO_HOST = "dev.visualwebsiteoptimizer.com";

	private static final byte[] MARKER = "\"eT\":3".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] OK = "{}".getBytes(StandardCharsets.US_ASCII);

	/** Not a push request: answered at once and not counted as in flight. */
	private static final int NOT_A_PUSH = -1;

	static {
		// The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and the client's delayed
		// ACK stall every response by tens of milliseconds, and the collector, not the client, is measured.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final ScheduledExecutorService answers;

	private final long responseDelayNanos;

	private final AtomicLong events = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong pushRequests = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	/** Notified whenever a push is acknowledged, so that a waiter needs no polling. */
	private final Object acknowledged = new Object();

	private LoopbackCollector(HttpServer server, Duration responseDelay) {
		this.server = server;
		this.responseDelayNanos = responseDelay.toNanos();
		// Unbounded, so that the collector never queues a connection behind others: the JDK server hands every
		// new connection to a worker, which then blocks on its TLS handshake and request, and VWO's official
		// SDK opens one connection per push. Delayed answers do not hold a worker (see the scheduler below).
		this.executor = Executors.newCachedThreadPool(daemon("collector"));
		// Writing an answer is a TLS record and a write into an empty socket buffer: CPU work, never a wait,
		// so one thread per core answers every request whose delay is up without serializing them.
		this.answers = Executors.newScheduledThreadPool(Runtime.getRuntime().availableProcessors(),
				daemon("collector-answer"));
		server.setExecutor(this.executor);
		server.createContext("/", this::handle);
		server.start();
	}

	private static ThreadFactory daemon(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

	/** Plain HTTP on an ephemeral loopback port. */
	public static LoopbackCollector http() throws IOException {
		return new LoopbackCollector(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024), Duration.ZERO);
	}

	/**
	 * HTTPS on 127.0.0.1:443 with a fresh certificate for VWO's host, which this JVM is made
	 * to trust; both SDKs then pay for TLS exactly as against VWO.
	 * @param responseDelay how long every push request waits for its answer; zero answers at once
	 * @return the started collector
	 */
	public static LoopbackCollector httpsAsVwo(Duration responseDelay) throws Exception {
		Path dir = Files.createTempDirectory("vwo-bench-tls");
		Path keystore = dir.resolve("server.p12");
		Path cert = dir.resolve("server.crt");
		Path truststore = dir.resolve("trust.p12");
		String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
		run(keytool, "-genkeypair", "-alias", "vwo", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
				"CN=" + VWO_HOST, "-ext", "SAN=dns:" + VWO_HOST + ",ip:127.0.0.1", "-validity", "7", "-keystore",
				keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
		run(keytool, "-exportcert", "-alias", "vwo", "-keystore", keystore.toString(), "-storepass", "changeit",
				"-file", cert.toString());
		run(keytool, "-importcert", "-noprompt", "-alias", "vwo", "-file", cert.toString(), "-keystore",
				truststore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
		// Must happen before anything in this JVM creates the default SSLContext.
		System.setProperty("javax.net.ssl.trustStore", truststore.toString());
		System.setProperty("javax.net.ssl.trustStorePassword", "changeit");
		System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
		KeyStore keys = KeyStore.getInstance("PKCS12");
		try (InputStream in = Files.newInputStream(keystore)) {
			keys.load(in, "changeit".toCharArray());
		}
		KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		kmf.init(keys, "changeit".toCharArray());
		SSLContext tls = SSLContext.getInstance("TLS");
		tls.init(kmf.getKeyManagers(), null, null);
		HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 443), 1024);
		server.setHttpsConfigurator(new HttpsConfigurator(tls));
		return new LoopbackCollector(server, responseDelay);
	}

	private static void run(String... command) throws IOException, InterruptedException {
		Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		if (process.waitFor() != 0) {
			throw new IOException("keytool failed: " + new String(output, StandardCharsets.UTF_8));
		}
	}

	private void handle(HttpExchange exchange) throws IOException {
		byte[] body = exchange.getRequestBody().readAllBytes();
		this.requests.incrementAndGet();
		int received = pushedEvents(exchange.getRequestURI().getPath(), body);
		if (received == NOT_A_PUSH) {
			respond(exchange);
			return;
		}
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		if (this.responseDelayNanos == 0) {
			acknowledge(exchange, received);
		}
		else {
			// The exchange stays open after this returns, and the worker is free for other connections.
			this.answers.schedule(() -> acknowledge(exchange, received), this.responseDelayNanos,
					TimeUnit.NANOSECONDS);
		}
	}

	private static int pushedEvents(String path, byte[] body) {
		if (path.endsWith("/server-side/push")) {
			return 1;
		}
		if (path.endsWith("/server-side/batch-events")) {
			return count(body);
		}
		if (path.endsWith("/events/t")) {
			return 0;
		}
		return NOT_A_PUSH;
	}

	/** Counted only once answered: a benchmark waiting for the count waits until the client has its 200. */
	private void acknowledge(HttpExchange exchange, int received) {
		// Before answering: once the client has the answer it may send the next request at once, and that one
		// must not find this one still counted as in flight.
		this.inFlight.decrementAndGet();
		try {
			respond(exchange);
		}
		catch (IOException ex) {
			// The client is gone: nothing was acknowledged, so nothing is counted (it will send again).
			exchange.close();
			return;
		}
		this.pushRequests.incrementAndGet();
		this.events.addAndGet(received);
		synchronized (this.acknowledged) {
			this.acknowledged.notifyAll();
		}
	}

	private static void respond(HttpExchange exchange) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, OK.length);
		exchange.getResponseBody().write(OK);
		exchange.close();
	}

	private static int count(byte[] body) {
		int found = 0;
		outer: for (int i = 0; i <= body.length - MARKER.length; i++) {
			for (int j = 0; j < MARKER.length; j++) {
				if (body[i + j] != MARKER[j]) {
					continue outer;
				}
			}
			found++;
		}
		return found;
	}

	/** Push events acknowledged so far. */
	public long events() {
		return this.events.get();
	}

	/**
	 * Wait until at least {@code target} push events have been acknowledged.
	 * @param target the number of events
	 * @param timeout how long to wait at most
	 * @return {@code false} when the timeout came first
	 * @throws InterruptedException if interrupted while waiting
	 */
	public boolean awaitEvents(long target, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (this.acknowledged) {
			while (this.events.get() < target) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this.acknowledged, left);
			}
		}
		return true;
	}

	/** HTTP requests received so far, the settings file's included. */
	public long requests() {
		return this.requests.get();
	}

	/** Push requests acknowledged so far. */
	public long pushRequests() {
		return this.pushRequests.get();
	}

	/** The most push requests received and not yet answered at any one time. */
	public int maxInFlight() {
		return this.maxInFlight.get();
	}

	public void reset() {
		this.events.set(0);
		this.requests.set(0);
		this.pushRequests.set(0);
		// Requests still waiting for their answer are in flight in the next period too.
		this.maxInFlight.set(this.inFlight.get());
	}

	/** The base URL of a plain-HTTP collector. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.answers.shutdownNow();
		this.executor.shutdownNow();
	}

}
