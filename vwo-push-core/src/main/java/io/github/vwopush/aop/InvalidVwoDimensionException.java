package io.github.vwopush.aop;

/**
 * A {@code @VwoDimension} cannot work as written (an expression that does not parse, a
 * return type it cannot follow, a bad key). Thrown at startup, when the bean is proxied.
 */
public class InvalidVwoDimensionException extends IllegalStateException {

	/**
	 * Create the exception.
	 * @param message names the class, the method and the attribute, and says what is wrong
	 */
	public InvalidVwoDimensionException(String message) {
		super(message);
	}

}
