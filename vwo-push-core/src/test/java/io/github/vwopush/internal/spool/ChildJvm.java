package io.github.vwopush.internal.spool;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A JVM running one main class of these tests, with this JVM's class path. Its output
 * (stdout and stderr) is read line by line on a thread of its own, so that waiting for a
 * line has a time limit. A child whose parent dies reads the end of its standard input
 * and exits, when it waits for it.
 */
final class ChildJvm implements AutoCloseable {

	private static final String END = "\u0000end of output";

	private final Process process;

	private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

	private final List<String> output = new ArrayList<>();

	private ChildJvm(Process process) {
		this.process = process;
		Thread reader = new Thread(this::read, "child-jvm-output");
		reader.setDaemon(true);
		reader.start();
	}

	static ChildJvm start(Class<?> mainClass, String... args) throws IOException {
		List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
			.toString(), "-cp", System.getProperty("java.class.path"), mainClass.getName()));
		command.addAll(List.of(args));
		return new ChildJvm(new ProcessBuilder(command).redirectErrorStream(true).start());
	}

	private void read() {
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
			String line;
			while ((line = reader.readLine()) != null) {
				this.lines.add(line);
			}
		}
		catch (IOException ex) {
			// The stream closes when the child is killed: the end of its output.
		}
		this.lines.add(END);
	}

	/**
	 * Wait for the first line that starts with one of the prefixes.
	 * @return that line
	 */
	String awaitLine(Duration timeout, String... prefixes) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			String line = this.lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
			if (line == null || line.equals(END)) {
				return fail("no line starting with %s within %s; the child's output:%n%s", List.of(prefixes), timeout,
						String.join(System.lineSeparator(), this.output));
			}
			this.output.add(line);
			for (String prefix : prefixes) {
				if (line.startsWith(prefix)) {
					return line;
				}
			}
		}
	}

	/**
	 * Kill the child with SIGKILL ({@code kill -9}) and wait for it to end.
	 * @return its exit code
	 */
	int kill() throws InterruptedException {
		this.process.destroyForcibly();
		assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("the child ended").isTrue();
		return this.process.exitValue();
	}

	/** Wait for the child to end by itself. */
	int awaitExit(Duration timeout) throws InterruptedException {
		assertThat(this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)).as("the child ended").isTrue();
		return this.process.exitValue();
	}

	@Override
	public void close() {
		this.process.destroyForcibly();
	}

	static void awaitEndOfInput() {
		try {
			while (System.in.read() >= 0) {
				// Nothing is ever sent: wait to be killed, or for the parent to go away.
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
