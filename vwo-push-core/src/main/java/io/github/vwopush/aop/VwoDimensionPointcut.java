package io.github.vwopush.aop;

import java.lang.reflect.Method;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches methods annotated with {@code @VwoDimension}. Matching parses the annotation, so
 * a broken one fails startup when its bean is proxied.
 */
public final class VwoDimensionPointcut extends StaticMethodMatcherPointcut {

	private final DimensionOperationSource source;

	/**
	 * Create the pointcut.
	 * @param source the annotation parser and cache
	 */
	public VwoDimensionPointcut(DimensionOperationSource source) {
		this.source = source;
	}

	@Override
	public boolean matches(Method method, Class<?> targetClass) {
		return this.source.get(method, targetClass) != null;
	}

}
