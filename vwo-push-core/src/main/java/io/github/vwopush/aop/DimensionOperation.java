package io.github.vwopush.aop;

import org.jspecify.annotations.Nullable;

import org.springframework.expression.Expression;

/**
 * One parsed {@code @VwoDimension}.
 *
 * @param key the literal key
 * @param value the value expression
 * @param userId the user id expression, or {@code null} to use the resolver
 * @param condition the condition expression, or {@code null} for always
 * @param description how to name this annotation in messages
 * @param unchecked when the method was compiled without parameter names, what the
 * expressions refer to that could not be checked at startup, to explain a {@code null}
 * they give; otherwise {@code null}
 */
record DimensionOperation(String key, Expression value, @Nullable Expression userId, @Nullable Expression condition,
		String description, @Nullable String unchecked) {

}
