package io.github.vwopush.internal.spool;

import java.nio.file.Path;

import io.github.vwopush.VwoSpoolLockedException;

/**
 * The spool's directory is in use by another spool; the public type says what to do.
 */
public class SpoolLockedException extends VwoSpoolLockedException {

	private static final long serialVersionUID = 1L;

	SpoolLockedException(Path directory) {
		super(directory, directory.resolve(SpoolDirectory.LOCK_FILE));
	}

}
