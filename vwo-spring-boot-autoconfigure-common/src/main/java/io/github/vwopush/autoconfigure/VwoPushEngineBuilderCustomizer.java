package io.github.vwopush.autoconfigure;

import io.github.vwopush.VwoPushEngine;

/**
 * Customizes the builder of the application's {@link VwoPushEngine} after the {@code vwo.*}
 * properties are applied and before it is built: how an opt-in module such as
 * {@code vwo-spring-boot-kafka} sets an outlet. Beans of this type are applied in their
 * order.
 */
@FunctionalInterface
public interface VwoPushEngineBuilderCustomizer {

	/**
	 * Customize the builder.
	 * @param builder the builder, with the {@code vwo.*} properties applied
	 */
	void customize(VwoPushEngine.Builder builder);

}
