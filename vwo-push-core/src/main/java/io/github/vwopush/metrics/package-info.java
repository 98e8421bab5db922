/**
 * Micrometer meters of the push service.
 */
@NullMarked
package io.github.vwopush.metrics;

import org.jspecify.annotations.NullMarked;
