/**
 * The HTTP client the background threads use to talk to VWO.
 * <p>Internal: not part of the supported API, may change in any release without notice.
 */
@NullMarked
package io.github.vwopush.internal.http;

import org.jspecify.annotations.NullMarked;
