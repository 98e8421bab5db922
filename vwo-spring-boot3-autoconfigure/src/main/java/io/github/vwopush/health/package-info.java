/**
 * The {@code vwo} health indicator on Spring Boot 3.5's health API.
 */
@NullMarked
package io.github.vwopush.health;

import org.jspecify.annotations.NullMarked;
