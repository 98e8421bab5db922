/**
 * The delivery engine: validation, the bounded queue, the background sender, the retry
 * policy and the accounting of every dimension's outcome.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 */
@NullMarked
package io.github.vwopush.internal.delivery;

import org.jspecify.annotations.NullMarked;
