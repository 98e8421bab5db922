/**
 * The delivery engine: validation, the bounded queue, the background sender, the retry
 * policy and the accounting of every dimension's outcome.
 */
@NullMarked
package io.github.vwopush.internal.delivery;

import org.jspecify.annotations.NullMarked;
