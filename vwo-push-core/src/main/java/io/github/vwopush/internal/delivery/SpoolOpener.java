package io.github.vwopush.internal.delivery;

import java.io.IOException;
import java.nio.file.Path;

import io.github.vwopush.internal.spool.DiskSpool;

/**
 * Opens the disk spool: the file system as it is, or, in the engine's own fault-schedule
 * tests, a disk that fails.
 */
@FunctionalInterface
interface SpoolOpener {

	SpoolOpener FILES = DiskSpool::open;

	DiskSpool open(Path directory, long maxBytes) throws IOException;

}
