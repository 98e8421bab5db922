package io.github.vwopush.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

/**
 * A loopback stand-in for VWO that answers every request with 200 and counts the push
 * events it received: one per {@code "eT":3} in a batch body, one per legacy GET.
 */
public final class LoopbackCollector implements AutoCloseable {

	/** VWO's fixed host, resolved to 127.0.0.1 through {@code -Djdk.net.hosts.file}. */
	public static final String VWO_HOST = "dev.visualwebsiteoptimizer.com";

	private static final byte[] MARKER = "\"eT\":3".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] OK = "{}".getBytes(StandardCharsets.US_ASCII);

	static {
		// The JDK server writes headers and body separately; without TCP_NODELAY, Nagle and the client's delayed
		// ACK stall every response by tens of milliseconds, and the collector, not the client, is measured.
		System.setProperty("sun.net.httpserver.nodelay", "true");
	}

	private final HttpServer server;

	private final ExecutorService executor;

	private final AtomicLong events = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private LoopbackCollector(HttpServer server) {
		this.server = server;
		this.executor = Executors.newFixedThreadPool(8, (runnable) -> {
			Thread thread = new Thread(runnable, "collector");
			thread.setDaemon(true);
			return thread;
		});
		server.setExecutor(this.executor);
		server.createContext("/", this::handle);
		server.start();
	}

	/** Plain HTTP on an ephemeral loopback port. */
	public static LoopbackCollector http() throws IOException {
		return new LoopbackCollector(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024));
	}

	/**
	 * HTTPS on 127.0.0.1:443 with a fresh certificate for VWO's host, which this JVM is made
	 * to trust; both SDKs then pay for TLS exactly as against VWO.
	 */
	public static LoopbackCollector httpsAsVwo() throws Exception {
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
		return new LoopbackCollector(server);
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
		String path = exchange.getRequestURI().getPath();
		if (path.endsWith("/server-side/push")) {
			this.events.incrementAndGet();
		}
		else if (path.endsWith("/server-side/batch-events")) {
			this.events.addAndGet(count(body));
		}
		this.requests.incrementAndGet();
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

	/** Push events received so far. */
	public long events() {
		return this.events.get();
	}

	/** HTTP requests received so far. */
	public long requests() {
		return this.requests.get();
	}

	public void reset() {
		this.events.set(0);
		this.requests.set(0);
	}

	/** The base URL of a plain-HTTP collector. */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
