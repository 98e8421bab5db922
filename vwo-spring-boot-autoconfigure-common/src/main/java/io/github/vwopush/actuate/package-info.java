/**
 * The {@code vwo} Actuator endpoint and the SDK key sanitizer.
 */
@NullMarked
package io.github.vwopush.actuate;

import org.jspecify.annotations.NullMarked;
