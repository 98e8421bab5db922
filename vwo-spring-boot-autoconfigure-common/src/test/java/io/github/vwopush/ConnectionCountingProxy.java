package io.github.vwopush;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP forwarder on loopback that counts the client connections still open, so a test can
 * see, on any operating system, whether a client closed its sockets.
 */
public final class ConnectionCountingProxy implements AutoCloseable {

	private final ServerSocket server;

	private final int targetPort;

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger accepted = new AtomicInteger();

	public ConnectionCountingProxy(int targetPort) throws IOException {
		this.targetPort = targetPort;
		this.server = new ServerSocket();
		this.server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
		Thread acceptor = new Thread(this::acceptLoop, "test-proxy-accept");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getLocalPort();
	}

	/** Client connections accepted and not yet closed by the client. */
	public int openConnections() {
		return this.open.get();
	}

	/** Client connections accepted so far. */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	private void acceptLoop() {
		while (!this.server.isClosed()) {
			try {
				Socket client = this.server.accept();
				Socket upstream = new Socket(InetAddress.getLoopbackAddress(), this.targetPort);
				this.open.incrementAndGet();
				this.accepted.incrementAndGet();
				pump(upstream, client, null);
				pump(client, upstream, this.open);
			}
			catch (IOException ex) {
				// closed
			}
		}
	}

	/** Copy from one socket to the other; when {@code from} closes, close both and count it. */
	private static void pump(Socket from, Socket to, AtomicInteger openCount) {
		Thread thread = new Thread(() -> {
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				in.transferTo(out);
			}
			catch (IOException ex) {
				// one side went away
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				if (openCount != null) {
					openCount.decrementAndGet();
				}
			}
		}, "test-proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// already closed
		}
	}

	@Override
	public void close() throws IOException {
		this.server.close();
	}

}
