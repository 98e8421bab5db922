/**
 * The opt-in disk spool: an append-only, segmented log of accepted pushes that survives a
 * restart or a crash.
 * <p>Internal: not part of the supported API, may change in any release without notice. Its
 * on-disk format is a promise all the same: a new version must read what earlier minor
 * versions wrote.
 * <p>The classes by role:
 * <ul>
 * <li>the spool: {@code DiskSpool} (append, sync, ack, park and read back parked records, open
 * with recovery), its records as {@code SpooledPush};</li>
 * <li>on disk: {@code SpoolSegment} (a log file and an acks file per segment),
 * {@code SpoolFile} (append-only, a failed write cut off again), {@code SpoolRecordCodec} (the
 * record format and its checksum: the one place to look before changing the format),
 * {@code SpoolDirectory} (the lock that keeps one spool per directory), {@code ChannelFactory}
 * (where tests make the disk fail);</li>
 * <li>refusals: {@code SpoolFullException} ({@code vwo.spool.max-size} reached),
 * {@code SpoolLockedException} (another spool holds the directory; the auto-configuration's
 * failure analyzer reports it).</li>
 * </ul>
 * <p>One dimension's path: with the spool on, {@code internal.delivery.SpoolJournal} appends
 * its push to the {@code DiskSpool} and syncs before it may go in a request; beyond the memory
 * window the push is parked (on disk only) and read back later;
 * {@code internal.delivery.Settlement} acknowledges it once every dimension of the push is final
 * and none is left on disk for later, and a segment whose records are all acknowledged is
 * deleted. After a crash, {@code DiskSpool.open} parks every record not acknowledged, so it is
 * sent again.
 */
@NullMarked
package io.github.vwopush.internal.spool;

import org.jspecify.annotations.NullMarked;
