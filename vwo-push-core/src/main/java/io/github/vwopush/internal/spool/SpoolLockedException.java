package io.github.vwopush.internal.spool;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The spool's directory is in use by another spool: another instance of the application
 * on this host, or another application context in this JVM. Two spools in one directory
 * would interleave their writes and delete each other's segments.
 */
public class SpoolLockedException extends IOException {

	private final Path directory;

	SpoolLockedException(Path directory) {
		super("The VWO push spool directory " + directory + " is in use by another spool (another instance of "
				+ "the application on this host, or another application context in this JVM); give each "
				+ "instance its own directory with vwo.spool.directory");
		this.directory = directory;
	}

	/**
	 * The directory that is in use.
	 * @return the directory (its real path)
	 */
	public Path getDirectory() {
		return this.directory;
	}

	/**
	 * The file whose lock the other spool holds.
	 * @return the lock file
	 */
	public Path getLockFile() {
		return this.directory.resolve(SpoolDirectory.LOCK_FILE);
	}

}
