package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Opens real channels for the spool, records which files it opens for writing and when it
 * syncs its directory, and makes the first channel opened on a file given to
 * {@link #failing} a {@link DiskFullChannel}.
 */
final class TestChannels implements ChannelFactory {

	private final Map<String, long[]> faults = new HashMap<>();

	private final List<String> events = new ArrayList<>();

	/**
	 * Fail the first channel opened on a file.
	 * @param fileName the file's name in the spool directory
	 * @param failAfterBytes how many bytes are written before the write that fails
	 * @param truncateFailures how many truncations fail after that
	 * @return this
	 */
	TestChannels failing(String fileName, long failAfterBytes, int truncateFailures) {
		this.faults.put(fileName, new long[] { failAfterBytes, truncateFailures });
		return this;
	}

	/** {@code "write <file name>"} and {@code "sync directory"}, in order. */
	List<String> events() {
		return this.events;
	}

	@Override
	public FileChannel open(Path file, OpenOption... options) throws IOException {
		FileChannel channel = FileChannel.open(file, options);
		if (Files.isDirectory(file)) {
			return new DiskFullChannel(channel, -1, 0, () -> this.events.add("sync directory"));
		}
		if (List.of(options).contains(StandardOpenOption.APPEND)) {
			this.events.add("write " + file.getFileName());
		}
		long[] fault = this.faults.remove(file.getFileName().toString());
		return (fault != null) ? new DiskFullChannel(channel, fault[0], (int) fault[1], () -> {
		}) : channel;
	}

}
