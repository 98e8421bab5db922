/**
 * The HTTP client the background threads use to talk to VWO.
 */
@NullMarked
package io.github.vwopush.http;

import org.jspecify.annotations.NullMarked;
