/**
 * Health of the VWO push service, as each Spring Boot line's health indicator reports it.
 */
@NullMarked
package io.github.vwopush.health;

import org.jspecify.annotations.NullMarked;
