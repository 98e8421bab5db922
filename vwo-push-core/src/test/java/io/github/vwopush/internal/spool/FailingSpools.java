package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Spools on a disk that fails, for the engine's tests in other packages.
 */
public final class FailingSpools {

	private FailingSpools() {
	}

	/**
	 * A new spool in an empty directory whose first segment's writes fail once it holds
	 * {@code bytes}.
	 * @param directory an empty directory
	 * @param bytes the bytes written before the first write that fails
	 * @return the opened spool
	 */
	public static DiskSpool fullAfter(Path directory, long bytes) throws IOException {
		return fullAfter(directory, 64L * 1024 * 1024, bytes);
	}

	/**
	 * A spool whose first segment's writes fail once it holds {@code bytes}, as a full disk.
	 * @param directory an empty directory
	 * @param maxBytes the spool's limit
	 * @param bytes the bytes written before the first write that fails
	 * @return the opened spool
	 */
	public static DiskSpool fullAfter(Path directory, long maxBytes, long bytes) throws IOException {
		TestChannels channels = new TestChannels().failing(String.format("segment-%020d.log", 0), bytes, 0);
		return DiskSpool.open(directory, maxBytes, channels);
	}

}
