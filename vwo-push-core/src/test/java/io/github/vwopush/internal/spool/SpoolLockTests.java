package io.github.vwopush.internal.spool;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * One spool per directory: two instances of an application on one host, or two contexts
 * in one JVM, must not interleave their writes or delete each other's segments.
 */
class SpoolLockTests {

	private static final long MAX_BYTES = 1 << 20;

	private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

	@TempDir
	Path directory;

	@Test
	void aSecondSpoolInTheSameDirectoryIsRefusedUntilTheFirstIsClosed() throws Exception {
		Path realPath = this.directory.toRealPath();
		try (DiskSpool first = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThatExceptionOfType(SpoolLockedException.class)
				.isThrownBy(() -> DiskSpool.open(this.directory, MAX_BYTES))
				.withMessageContaining(realPath.toString())
				.withMessageContaining("give each instance its own directory with vwo.spool.directory")
				.satisfies((ex) -> assertThat(ex.getDirectory()).isEqualTo(realPath));
			first.append("user", 1000L, new String[] { "k" }, new String[] { "v" });
			first.sync();
		}
		try (DiskSpool second = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(second.recoveredRecords()).isEqualTo(1);
		}
	}

	@Test
	void aSpoolHeldByAnotherProcessIsRefusedUntilThatProcessIsKilled() throws Exception {
		try (ChildJvm child = ChildJvm.start(SpoolLockChild.class, this.directory.toString())) {
			assertThat(child.awaitLine(CHILD_TIMEOUT, "LOCKED", "REFUSED")).isEqualTo("LOCKED");
			assertThatExceptionOfType(SpoolLockedException.class)
				.isThrownBy(() -> DiskSpool.open(this.directory, MAX_BYTES));
			child.kill();
		}
		// The operating system released the killed process's lock: the lock file left behind blocks nothing.
		try (DiskSpool spool = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThat(spool.recoveredRecords()).isZero();
		}
	}

	@Test
	void aSpoolRefusedInThisJvmLeavesTheFirstOneLockedForOtherProcesses() throws Exception {
		try (DiskSpool first = DiskSpool.open(this.directory, MAX_BYTES)) {
			assertThatExceptionOfType(SpoolLockedException.class)
				.isThrownBy(() -> DiskSpool.open(this.directory, MAX_BYTES));
			try (ChildJvm child = ChildJvm.start(SpoolLockChild.class, this.directory.toString())) {
				assertThat(child.awaitLine(CHILD_TIMEOUT, "LOCKED", "REFUSED"))
					.startsWith("REFUSED The VWO push spool directory " + this.directory.toRealPath());
				assertThat(child.awaitExit(CHILD_TIMEOUT)).isZero();
			}
		}
	}

}
