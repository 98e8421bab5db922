/**
 * VWO's settings file: the data-residency prefix and the credentials check.
 */
@NullMarked
package io.github.vwopush.internal.settings;

import org.jspecify.annotations.NullMarked;
