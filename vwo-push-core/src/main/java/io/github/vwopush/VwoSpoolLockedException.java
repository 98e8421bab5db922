package io.github.vwopush;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The disk spool's directory is in use by another spool: another instance of the
 * application on this host, or another engine in this JVM. Two spools in one directory
 * would interleave their writes and delete each other's segments.
 */
public class VwoSpoolLockedException extends IOException {

	private static final long serialVersionUID = 1L;

	private final transient Path directory;

	private final transient Path lockFile;

	/**
	 * Create the exception.
	 * @param directory the directory in use (its real path)
	 * @param lockFile the file whose lock the other spool holds
	 */
	protected VwoSpoolLockedException(Path directory, Path lockFile) {
		super("The VWO push spool directory " + directory + " is in use by another spool (another instance of "
				+ "the application on this host, or another application context in this JVM); give each "
				+ "instance its own directory with vwo.spool.directory");
		this.directory = directory;
		this.lockFile = lockFile;
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
		return this.lockFile;
	}

}
