/**
 * The HTTP client the background threads use to talk to VWO.
 */
@NullMarked
package io.github.vwopush.internal.http;

import org.jspecify.annotations.NullMarked;
