/**
 * The {@code @VwoDimension} interceptor: pointcut, parsed-expression cache, evaluation and
 * the default user id resolver.
 */
@NullMarked
package io.github.vwopush.aop;

import org.jspecify.annotations.NullMarked;
