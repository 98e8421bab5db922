package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoSpoolLockedException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link VwoSpoolLockedException} into a startup report that names the spool
 * directory and says how to give each instance its own.
 */
class SpoolLockedFailureAnalyzer extends AbstractFailureAnalyzer<VwoSpoolLockedException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, VwoSpoolLockedException cause) {
		return new FailureAnalysis("The VWO push starter cannot start: the spool directory " + cause.getDirectory()
				+ " is in use by another spool (another instance of this application on this host, or another "
				+ "application context in this JVM). Two spools in one directory would overwrite and delete each "
				+ "other's undelivered pushes.",
				"Set vwo.spool.directory to a different directory for each application instance, on a persistent "
						+ "volume (for example one that contains the instance's name). If no other instance should "
						+ "be running, stop the process that holds " + cause.getLockFile()
						+ "; a process that has ended, even one killed with kill -9, holds nothing.",
				cause);
	}

}
