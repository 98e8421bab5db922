package io.github.vwopush.aot;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoDimensions;
import io.github.vwopush.VwoPushState;
import io.github.vwopush.actuate.VwoEndpoint;
import io.github.vwopush.autoconfigure.VwoProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.annotation.ReflectiveRuntimeHintsRegistrar;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.beans.factory.aot.AotServices;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.test.context.FilteredClassLoader;

import static org.assertj.core.api.Assertions.assertThat;

class VwoRuntimeHintsTests {

	private final RuntimeHints hints = registered(getClass().getClassLoader());

	@Test
	void registrarIsListedInAotFactories() {
		assertThat(AotServices.factories().load(RuntimeHintsRegistrar.class))
			.anyMatch(VwoRuntimeHints.class::isInstance);
	}

	@ParameterizedTest
	@ValueSource(strings = { "method", "args", "target", "targetClass", "methodName" })
	void expressionRootPropertiesCanBeReadBySpel(String property) throws Exception {
		Class<?> root = Class.forName("io.github.vwopush.aop.DimensionExpressionRoot");
		assertThat(RuntimeHintsPredicates.reflection().onMethod(root, property).invoke())
			.accepts(this.hints);
	}

	@ParameterizedTest
	@ValueSource(strings = { "key", "value", "userId", "condition" })
	void annotationAttributesCanBeRead(String attribute) {
		assertThat(RuntimeHintsPredicates.reflection().onMethod(VwoDimension.class, attribute).invoke())
			.accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(VwoDimensions.class, "value").invoke())
			.accepts(this.hints);
	}

	@Test
	void annotatedMethodsOfBeansAreRegisteredByReflectiveProcessing() {
		RuntimeHints reflective = new RuntimeHints();
		new ReflectiveRuntimeHintsRegistrar().registerRuntimeHints(reflective, Annotated.class);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(Annotated.class, "single").invoke())
			.accepts(reflective);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(Annotated.class, "repeated").invoke())
			.accepts(reflective);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(Annotated.class, "plain").invoke())
			.rejects(reflective);
	}

	@ParameterizedTest
	@ValueSource(strings = { "setEnabled", "setOrder", "setUserIdHeader", "setPushAfterCommit", "isPushAfterCommit",
			"getOrder" })
	void aspectPropertiesCanBeBoundWithoutABean(String method) {
		assertThat(RuntimeHintsPredicates.reflection()
			.onType(VwoProperties.Aspect.class)
			.withMemberCategory(MemberCategory.INVOKE_PUBLIC_CONSTRUCTORS)).accepts(this.hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethod(VwoProperties.Aspect.class, method).invoke())
			.accepts(this.hints);
	}

	@Test
	void typesProbedAtRunTimeAreRegistered() {
		for (String type : VwoRuntimeHints.PROBED_TYPES) {
			assertThat(RuntimeHintsPredicates.reflection().onType(TypeReference.of(type))).accepts(this.hints);
		}
	}

	@Test
	void sdkIdentityResourceIsIncluded() {
		assertThat(RuntimeHintsPredicates.resource().forResource("io/github/vwopush/internal/protocol/sdk.properties"))
			.accepts(this.hints);
	}

	@ParameterizedTest
	@ValueSource(strings = { "META-INF/spring-configuration-metadata.json",
			"META-INF/additional-spring-configuration-metadata.json" })
	void configurationMetadataIsIncluded(String resource) {
		assertThat(RuntimeHintsPredicates.resource().forResource(resource)).accepts(this.hints);
	}

	@ParameterizedTest
	@ValueSource(classes = { VwoEndpoint.VwoDescriptor.class, VwoEndpoint.FlushDescriptor.class,
			VwoEndpoint.CountsDescriptor.class, VwoEndpoint.QueueDescriptor.class,
			VwoEndpoint.DeliveryDescriptor.class, VwoPushState.Settings.class })
	void endpointResponsesCanBeWrittenByJackson(Class<?> type) {
		assertThat(RuntimeHintsPredicates.reflection().onType(type)).accepts(this.hints);
		assertThat(type.getRecordComponents()).isNotEmpty().allSatisfy((component) -> assertThat(
				RuntimeHintsPredicates.reflection().onMethod(type, component.getAccessor().getName()).invoke())
			.accepts(this.hints));
	}

	@Test
	void withoutActuatorNoEndpointTypeIsRegisteredOrLoaded() {
		RuntimeHints withoutActuator = registered(new FilteredClassLoader(OperationResponseBody.class));
		assertThat(RuntimeHintsPredicates.reflection().onType(VwoEndpoint.VwoDescriptor.class))
			.rejects(withoutActuator);
		assertThat(RuntimeHintsPredicates.resource().forResource(VwoRuntimeHints.SDK_PROPERTIES))
			.accepts(withoutActuator);
	}

	private static RuntimeHints registered(ClassLoader classLoader) {
		RuntimeHints hints = new RuntimeHints();
		new VwoRuntimeHints().registerHints(hints, classLoader);
		return hints;
	}

	static class Annotated {

		@VwoDimension(key = "plan", value = "#p0")
		String single(String plan) {
			return plan;
		}

		@VwoDimension(key = "plan", value = "#p0")
		@VwoDimension(key = "band", value = "#p0")
		String repeated(String plan) {
			return plan;
		}

		String plain(String plan) {
			return plan;
		}

	}

}
