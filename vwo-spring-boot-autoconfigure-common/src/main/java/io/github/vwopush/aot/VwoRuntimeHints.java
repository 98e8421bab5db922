package io.github.vwopush.aot;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoDimensions;
import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.autoconfigure.VwoProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.BindingReflectionHintsRegistrar;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.util.ClassUtils;

/**
 * What the starter reaches by reflection or as a resource, for ahead-of-time processing and
 * native images. Registered in {@code META-INF/spring/aot.factories}.
 * <p>
 * Not here, because Spring registers them: the {@code vwo.*} properties classes (as
 * {@code @ConfigurationProperties}), the {@code spring.factories} entries, and the methods
 * that carry {@code @VwoDimension} (the annotation is {@code @Reflective}). Types that an
 * application's own expressions reach ({@code #request.plan()}) are the application's to
 * register.
 */
class VwoRuntimeHints implements RuntimeHintsRegistrar {

	/** Read at startup by {@code SdkIdentity}: the version sent as {@code sdk-v}. */
	static final String SDK_PROPERTIES = "io/github/vwopush/internal/protocol/sdk.properties";

	/** Generated and hand-written configuration metadata, for tools that read it at run time. */
	static final String[] CONFIGURATION_METADATA = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" };

	/** Probed with {@code ClassUtils.isPresent}: found at run time only when registered. */
	static final String[] PROBED_TYPES = { "org.springframework.transaction.support.TransactionSynchronizationManager",
			"org.springframework.security.core.context.SecurityContextHolder",
			"jakarta.servlet.http.HttpServletRequest" };

	private static final String ACTUATOR_RESPONSE_BODY = "org.springframework.boot.actuate.endpoint.OperationResponseBody";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// SpEL reads #root.method, #root.args, #root.target, #root.targetClass and #root.methodName by reflection.
		// By name: the expression root is the engine's own (package-private), read by SpEL only.
		hints.reflection()
			.registerType(TypeReference.of("io.github.vwopush.aop.DimensionExpressionRoot"),
					MemberCategory.INVOKE_PUBLIC_METHODS);
		// The attributes of the annotations are read by reflection when a bean's methods are matched.
		hints.reflection()
			.registerType(VwoDimension.class, MemberCategory.INVOKE_PUBLIC_METHODS)
			.registerType(VwoDimensions.class, MemberCategory.INVOKE_PUBLIC_METHODS);
		// Bound with Binder, not as a bean: the advisor is created before configuration properties beans are.
		hints.reflection()
			.registerType(VwoProperties.Aspect.class, MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS,
					MemberCategory.INVOKE_PUBLIC_METHODS);
		for (String type : PROBED_TYPES) {
			hints.reflection().registerType(TypeReference.of(type));
		}
		hints.resources().registerPattern(SDK_PROPERTIES);
		for (String metadata : CONFIGURATION_METADATA) {
			hints.resources().registerPattern(metadata);
		}
		if (ClassUtils.isPresent(ACTUATOR_RESPONSE_BODY, classLoader)) {
			EndpointHints.register(hints);
		}
	}

	/** Apart, so that the endpoint's types are loaded only when Actuator is present. */
	private static final class EndpointHints {

		/** Written by Jackson for {@code GET} and {@code POST /actuator/vwo}, nested types included. */
		static void register(RuntimeHints hints) {
			new BindingReflectionHintsRegistrar().registerReflectionHints(hints.reflection(),
					VwoEndpoint.VwoDescriptor.class, VwoEndpoint.FlushDescriptor.class);
		}

	}

}
