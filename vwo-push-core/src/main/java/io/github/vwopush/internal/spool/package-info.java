/**
 * The opt-in disk spool: an append-only, segmented log of accepted pushes that survives a
 * restart or a crash.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 */
@NullMarked
package io.github.vwopush.internal.spool;

import org.jspecify.annotations.NullMarked;
