/**
 * Public API of the VWO push starter: {@link io.github.vwopush.VwoPushService}, the
 * {@link io.github.vwopush.VwoDimension} annotation and the result types.
 */
@NullMarked
package io.github.vwopush;

import org.jspecify.annotations.NullMarked;
