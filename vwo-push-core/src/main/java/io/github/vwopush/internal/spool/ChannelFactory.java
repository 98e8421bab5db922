package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the spool's files. Production uses {@link FileChannel#open(Path, OpenOption...)};
 * tests wrap the real channel to fail a write halfway, as a full disk does, which no
 * portable test can provoke for real.
 */
@FunctionalInterface
interface ChannelFactory {

	/** The file system, unchanged. */
	ChannelFactory FILES = FileChannel::open;

	FileChannel open(Path file, OpenOption... options) throws IOException;

}
