package io.github.vwopush.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.vwopush.VwoDeliveryListener;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the starter's own {@link VwoDeliveryListener} beans, the only ones handed to the
 * push engine: a user's bean of that type is not picked up (the engine's listeners are
 * fixed when it is built, before a user's bean could be ordered), and this qualifier is
 * package-private so that it cannot be borrowed.
 */
@Qualifier
@Target({ ElementType.METHOD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface StarterDeliveryListener {

}
