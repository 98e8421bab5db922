/**
 * The {@code vwo} health indicator on Spring Boot 4's health API.
 */
@NullMarked
package io.github.vwopush.health;

import org.jspecify.annotations.NullMarked;
