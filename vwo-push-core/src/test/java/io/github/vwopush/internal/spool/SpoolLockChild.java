package io.github.vwopush.internal.spool;

import java.nio.file.Path;

/**
 * The child JVM of {@link SpoolLockTests}: opens the spool in a directory and prints
 * {@code LOCKED}, then holds it until killed; or prints {@code REFUSED} and the message
 * when another spool holds the directory.
 */
public final class SpoolLockChild {

	private SpoolLockChild() {
	}

	public static void main(String[] args) throws Exception {
		try (DiskSpool spool = DiskSpool.open(Path.of(args[0]), 1 << 20)) {
			System.out.println("LOCKED");
			System.out.flush();
			ChildJvm.awaitEndOfInput();
		}
		catch (SpoolLockedException ex) {
			System.out.println("REFUSED " + ex.getMessage());
		}
	}

}
