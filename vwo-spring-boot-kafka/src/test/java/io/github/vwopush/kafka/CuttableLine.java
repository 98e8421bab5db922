package io.github.vwopush.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP line in front of one of the embedded broker's listeners, which a test can cut and
 * restore: the producers' only way to the broker, because that listener advertises this
 * line's address (so the metadata the producers receive sends them back here, never around
 * it). Cutting closes every open connection and refuses new ones (accepted and closed at
 * once) until it is restored.
 */
final class CuttableLine implements AutoCloseable {

	private final ServerSocket server;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private final AtomicLong connections = new AtomicLong();

	private final Thread acceptor;

	private volatile int target;

	private volatile boolean cut;

	private volatile boolean closed;

	CuttableLine() throws IOException {
		this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "cuttable-line-" + this.server.getLocalPort());
		this.acceptor.setDaemon(true);
	}

	/** Where the line listens: what the proxied listener advertises. */
	int port() {
		return this.server.getLocalPort();
	}

	/** Start forwarding to the broker's listener on this port. */
	void forwardTo(int port) {
		this.target = port;
		this.acceptor.start();
	}

	/** Close every open connection and refuse new ones. */
	void cut() {
		this.cut = true;
		for (Socket socket : this.open) {
			closeQuietly(socket);
		}
	}

	void restore() {
		this.cut = false;
	}

	boolean isCut() {
		return this.cut;
	}

	/** Connections accepted and forwarded so far. */
	long connections() {
		return this.connections.get();
	}

	private void accept() {
		while (!this.closed) {
			Socket client;
			try {
				client = this.server.accept();
			}
			catch (IOException ex) {
				return;
			}
			if (this.cut) {
				closeQuietly(client);
				continue;
			}
			Socket broker = new Socket();
			try {
				broker.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.target), 2000);
				client.setTcpNoDelay(true);
				broker.setTcpNoDelay(true);
			}
			catch (IOException ex) {
				closeQuietly(client);
				closeQuietly(broker);
				continue;
			}
			this.open.add(client);
			this.open.add(broker);
			this.connections.incrementAndGet();
			if (this.cut) {
				// Cut while connecting: cut() may not have seen these two.
				closeQuietly(client);
				closeQuietly(broker);
			}
			pump(client, broker);
			pump(broker, client);
		}
	}

	private void pump(Socket from, Socket to) {
		Thread pump = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// Cut, or one side closed: close both below.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.open.remove(from);
				this.open.remove(to);
			}
		}, "cuttable-line-pump");
		pump.setDaemon(true);
		pump.start();
	}

	private static void closeQuietly(Socket socket) {
		try {
			socket.close();
		}
		catch (IOException ex) {
			// Closed already.
		}
	}

	@Override
	public void close() {
		this.closed = true;
		cut();
		try {
			this.server.close();
		}
		catch (IOException ex) {
			// Closed already.
		}
	}

}
