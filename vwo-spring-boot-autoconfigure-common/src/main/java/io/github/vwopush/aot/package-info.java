/**
 * Ahead-of-time processing and GraalVM native images: the runtime hints for what the
 * starter reaches by reflection or as a resource.
 */
@NullMarked
package io.github.vwopush.aot;

import org.jspecify.annotations.NullMarked;
