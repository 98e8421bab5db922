package io.github.vwopush.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Replaces the VWO push service of a test's application context with one that records
 * what was pushed and sends nothing: inject {@link VwoPushRecorder} to assert on it.
 * <p>
 * Pushes are validated exactly as in production, so an invalid push is recorded as
 * rejected with its reason. {@code @VwoDimension} works as in production too: the
 * annotation brings the starter's advisor and Spring AOP's auto-proxying, also into test
 * slices that leave them out. No {@code vwo.*} property is needed, and none of the real
 * delivery (HTTP client, sender thread, spool) is created. The recorder is cleared after
 * each test method.
 *
 * @see VwoPushRecorder
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureVwoPushRecorder {

}
