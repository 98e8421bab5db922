/**
 * Public API of the VWO push engine and starter: {@link io.github.vwopush.VwoPushService},
 * the engine's front door {@link io.github.vwopush.VwoPushEngine} (its builder, lifecycle
 * and read-only {@link io.github.vwopush.VwoPushState}), the
 * {@link io.github.vwopush.VwoDimension} annotation and the result types. Supported and
 * described in {@code vwo-push-core/api/vwo-push-core.api}; everything under
 * {@code io.github.vwopush.internal} is not.
 */
@NullMarked
package io.github.vwopush;

import org.jspecify.annotations.NullMarked;
