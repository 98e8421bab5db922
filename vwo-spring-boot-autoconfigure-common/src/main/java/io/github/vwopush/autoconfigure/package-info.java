/**
 * Spring Boot auto-configuration of the VWO push starter and its {@code vwo.*} properties.
 */
@NullMarked
package io.github.vwopush.autoconfigure;

import org.jspecify.annotations.NullMarked;
