package io.github.vwopush.autoconfigure;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import io.github.vwopush.internal.delivery.DeliveryListener;

import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Marks the starter's own {@link DeliveryListener} beans, the only ones handed to the push
 * service. {@code DeliveryListener} is internal: a user's bean of that type is not picked
 * up, and this qualifier is package-private so that it cannot be borrowed.
 */
@Qualifier
@Target({ ElementType.METHOD, ElementType.PARAMETER })
@Retention(RetentionPolicy.RUNTIME)
@interface StarterDeliveryListener {

}
