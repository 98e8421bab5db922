package io.github.vwopush;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.aot.hint.annotation.Reflective;

/**
 * Push a VWO custom dimension after the annotated method returns normally. Several
 * annotations on one method become one map push per user.
 * <p>
 * Expressions are SpEL, as in Spring's caching annotations: method parameters by name
 * ({@code #plan}, needs {@code -parameters}) or position ({@code #p0}, {@code #a0}),
 * {@code #result} (unwrapped from {@code Optional}, {@code CompletionStage} and
 * {@code Mono}), {@code #root.method}, {@code #root.args}, {@code #root.target} and bean
 * references ({@code @someBean}). They are parsed once, at startup; a syntax error stops
 * startup.
 * <p>
 * Nothing is pushed when the method throws, when a {@code CompletionStage} or {@code Mono}
 * completes with an error, or when the surrounding transaction rolls back. The annotation
 * never changes the method's result and never throws into it.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Reflective
@Repeatable(VwoDimensions.class)
public @interface VwoDimension {

	/**
	 * The custom dimension key, literally.
	 * @return the key
	 */
	String key();

	/**
	 * SpEL expression for the value. A {@code String}, a {@code Boolean} or a number the
	 * push service accepts ({@link VwoPushService#push(String, Number, String)}) is pushed
	 * with its type; any other result is converted with {@code toString()}.
	 * @return the value expression
	 */
	String value();

	/**
	 * SpEL expression for the user id. Empty: the {@link VwoUserIdResolver} bean decides.
	 * @return the user id expression
	 */
	String userId() default "";

	/**
	 * SpEL expression evaluated after the method returned ({@code #result} is available);
	 * the dimension is pushed only when it is {@code true}. Empty: always.
	 * @return the condition expression
	 */
	String condition() default "";

}
