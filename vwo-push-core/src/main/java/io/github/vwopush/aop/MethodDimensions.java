package io.github.vwopush.aop;

import java.lang.reflect.Method;
import java.util.List;

/**
 * The parsed {@code @VwoDimension} annotations of one method of one target class.
 *
 * @param method the most specific method, whose parameter names the expressions use
 * @param operations the annotations, in declaration order
 * @param usesResolver whether any annotation leaves the user id to the
 * {@link io.github.vwopush.VwoUserIdResolver}
 */
record MethodDimensions(Method method, List<DimensionOperation> operations, boolean usesResolver) {

}
