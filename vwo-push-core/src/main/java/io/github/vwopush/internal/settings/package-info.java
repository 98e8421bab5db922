/**
 * VWO's settings file: the data-residency prefix and the credentials check.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 */
@NullMarked
package io.github.vwopush.internal.settings;

import org.jspecify.annotations.NullMarked;
