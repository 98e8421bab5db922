package io.github.vwopush;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Container of repeated {@link VwoDimension} annotations; the compiler writes it for you.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface VwoDimensions {

	/**
	 * The dimensions.
	 * @return the annotations
	 */
	VwoDimension[] value();

}
