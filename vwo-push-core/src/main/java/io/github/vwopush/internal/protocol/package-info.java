/**
 * VWO's push wire protocol: the visitor UUID, the encodings, and the exact HTTP requests for
 * the batch, event-architecture, legacy and settings endpoints, and the check of the URLs
 * they go to. Pure functions, no I/O.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 */
@NullMarked
package io.github.vwopush.internal.protocol;

import org.jspecify.annotations.NullMarked;
