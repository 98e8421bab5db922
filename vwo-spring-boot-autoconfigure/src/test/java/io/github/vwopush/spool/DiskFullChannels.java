package io.github.vwopush.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Opens real channels; the first channel opened on a file given to {@link #failing} is a
 * {@link DiskFullChannel}.
 */
final class DiskFullChannels implements ChannelFactory {

	private final Map<String, long[]> faults = new HashMap<>();

	/**
	 * Fail the first channel opened on a file.
	 * @param fileName the file's name in the spool directory
	 * @param failAfterBytes how many bytes are written before the write that fails
	 * @param truncateFailures how many truncations fail after that
	 * @return this
	 */
	DiskFullChannels failing(String fileName, long failAfterBytes, int truncateFailures) {
		this.faults.put(fileName, new long[] { failAfterBytes, truncateFailures });
		return this;
	}

	@Override
	public FileChannel open(Path file, OpenOption... options) throws IOException {
		FileChannel channel = FileChannel.open(file, options);
		long[] fault = this.faults.remove(file.getFileName().toString());
		return (fault != null) ? new DiskFullChannel(channel, fault[0], (int) fault[1]) : channel;
	}

}
