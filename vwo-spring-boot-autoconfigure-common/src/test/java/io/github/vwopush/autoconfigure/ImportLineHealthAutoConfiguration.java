package io.github.vwopush.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Imports the running line's {@code vwo} health auto-configuration as an application imports
 * it, so that Boot's metadata-based class filter applies. Each line's test resources name it in
 * {@code META-INF/spring/io.github.vwopush.autoconfigure.ImportLineHealthAutoConfiguration.imports}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ImportAutoConfiguration
public @interface ImportLineHealthAutoConfiguration {

}
