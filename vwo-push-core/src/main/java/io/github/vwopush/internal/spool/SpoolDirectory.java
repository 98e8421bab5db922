package io.github.vwopush.internal.spool;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The spool's directory, held by one spool at a time through an exclusive {@link FileLock}
 * on a lock file. The operating system releases the lock when the process ends, even by
 * {@code kill -9}, so a crash leaves no stale lock behind. The spool's files are opened
 * through it.
 */
final class SpoolDirectory implements Closeable {

	private static final Logger logger = LoggerFactory.getLogger(SpoolDirectory.class);

	static final String LOCK_FILE = "spool.lock";

	/**
	 * Directories held by this JVM. A file lock belongs to the process, and on Linux closing
	 * any channel on the lock file releases it: a second spool in this JVM must be refused
	 * before it opens the lock file, not when {@code tryLock} fails.
	 */
	private static final Set<Path> heldByThisJvm = ConcurrentHashMap.newKeySet();

	final Path path;

	private final ChannelFactory channels;

	private final FileChannel lockFile;

	private boolean closed;

	private SpoolDirectory(Path path, ChannelFactory channels, FileChannel lockFile) {
		this.path = path;
		this.channels = channels;
		this.lockFile = lockFile;
	}

	/**
	 * Create the directory if needed and lock it.
	 * @throws SpoolLockedException when another spool holds it
	 */
	static SpoolDirectory lock(Path directory, ChannelFactory channels) throws IOException {
		Files.createDirectories(directory);
		// The real path, so that a symbolic link to a directory in use is refused too.
		Path path = directory.toRealPath();
		if (!heldByThisJvm.add(path)) {
			throw new SpoolLockedException(path);
		}
		FileChannel lockFile = null;
		try {
			lockFile = FileChannel.open(path.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			if (tryLock(lockFile) == null) {
				throw new SpoolLockedException(path);
			}
			return new SpoolDirectory(path, channels, lockFile);
		}
		catch (IOException | RuntimeException ex) {
			if (lockFile != null) {
				closeAfterFailure(lockFile, ex);
			}
			heldByThisJvm.remove(path);
			throw ex;
		}
	}

	private static FileLock tryLock(FileChannel lockFile) throws IOException {
		try {
			return lockFile.tryLock();
		}
		catch (OverlappingFileLockException ex) {
			// Held through another channel of this JVM, opened by something other than a spool.
			return null;
		}
	}

	private static void closeAfterFailure(FileChannel channel, Exception failure) {
		try {
			channel.close();
		}
		catch (IOException ex) {
			failure.addSuppressed(ex);
		}
	}

	FileChannel open(Path file, OpenOption... options) throws IOException {
		return this.channels.open(file, options);
	}

	/**
	 * Make the creation or deletion of files in the directory durable: syncing a file does
	 * not sync its directory entry, so a power loss could lose a new segment whose records
	 * were synced, or bring back a deleted one.
	 */
	void syncEntries() {
		try (FileChannel entries = this.channels.open(this.path, StandardOpenOption.READ)) {
			entries.force(true);
		}
		catch (IOException ex) {
			// Windows cannot open a directory as a channel; Linux and macOS can.
			logger.debug("Cannot sync the directory {}", this.path, ex);
		}
	}

	/** Release the lock; the lock file stays, so that no two processes ever lock different files. */
	@Override
	public void close() throws IOException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.lockFile.close();
		}
		finally {
			heldByThisJvm.remove(this.path);
		}
	}

}
