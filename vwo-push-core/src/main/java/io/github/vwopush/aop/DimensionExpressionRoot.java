package io.github.vwopush.aop;

import java.lang.reflect.Method;

/**
 * The {@code #root} object of {@code @VwoDimension} expressions.
 *
 * @param method the annotated method
 * @param args the arguments it was called with
 * @param target the target object
 * @param targetClass the target class
 */
record DimensionExpressionRoot(Method method, Object[] args, Object target, Class<?> targetClass) {

	/**
	 * The method's name.
	 * @return the name
	 */
	public String methodName() {
		return this.method.getName();
	}

}
