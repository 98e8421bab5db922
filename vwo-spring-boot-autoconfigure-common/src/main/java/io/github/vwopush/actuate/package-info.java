/**
 * The {@code vwo} Actuator endpoint, the contributors of its {@code extensions}, and the SDK key
 * sanitizer.
 */
@NullMarked
package io.github.vwopush.actuate;

import org.jspecify.annotations.NullMarked;
