/**
 * The {@code vwo} health contributor.
 */
@NullMarked
package io.github.vwopush.health;

import org.jspecify.annotations.NullMarked;
