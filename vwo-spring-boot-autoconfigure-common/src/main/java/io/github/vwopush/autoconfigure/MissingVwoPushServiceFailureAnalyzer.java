package io.github.vwopush.autoconfigure;

import java.lang.reflect.Field;

import io.github.vwopush.VwoPushService;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.MethodParameter;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Explains a missing {@link VwoPushService} that the starter did not create because
 * {@code vwo.account-id} is not set (or is empty, or an unresolvable placeholder), or
 * because {@code vwo.enabled} is {@code false}: what the property is now, and the ways out.
 * Ordered before Spring Boot's own report of a missing bean, which never names the
 * property.
 */
class MissingVwoPushServiceFailureAnalyzer extends AbstractFailureAnalyzer<NoSuchBeanDefinitionException>
		implements Ordered {

	private final Environment environment;

	MissingVwoPushServiceFailureAnalyzer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause) {
		Class<?> type = cause.getResolvableType().resolve();
		if (type == null || !VwoPushService.class.isAssignableFrom(type)) {
			return null;
		}
		VwoAccountIdSetting accountId = VwoAccountIdSetting.of(this.environment);
		boolean disabled = disabled();
		if (accountId.isSet() && !disabled) {
			// Something else (a condition of the application's own): Spring Boot's report says what.
			return null;
		}
		String needs = injectionPoint(rootFailure) + " required a bean of type '" + type.getName()
				+ "' that could not be found.";
		if (disabled) {
			return new FailureAnalysis(needs + " The VWO push starter creates it only when vwo.enabled is not "
					+ "false, and vwo.enabled is false.", "Remove vwo.enabled=false (with vwo.account-id set), or, "
							+ "where VWO is optional, inject ObjectProvider<VwoPushService> and call getIfAvailable().",
					cause);
		}
		String description = needs + " The VWO push starter creates it only when vwo.account-id is set; "
				+ accountId.describe() + ". An empty value or an unresolvable placeholder counts as not set.";
		String action = String.join(System.lineSeparator(), "Do one of these:",
				"    - Set vwo.account-id to your VWO account id, for example from the environment with "
						+ "vwo.account-id=${VWO_ACCOUNT_ID:} and VWO_ACCOUNT_ID set, and vwo.sdk-key.",
				"    - For local runs without VWO, set vwo.dev-mode=true with any vwo.account-id (such as 1): "
						+ "pushes are validated and counted, nothing is sent, no SDK key is needed.",
				"    - In tests, annotate the test class with @AutoConfigureVwoPushRecorder "
						+ "(io.github.vwopush:vwo-spring-boot-test).",
				"    - Where VWO is optional, inject ObjectProvider<VwoPushService> and call getIfAvailable() "
						+ "(or ifAvailable(...)).");
		return new FailureAnalysis(description, action, cause);
	}

	private boolean disabled() {
		try {
			return "false".equalsIgnoreCase(this.environment.getProperty("vwo.enabled", "").strip());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	/** Who needed it, as Spring Boot's own report says it. */
	private String injectionPoint(Throwable rootFailure) {
		UnsatisfiedDependencyException unsatisfied = findCause(rootFailure, UnsatisfiedDependencyException.class);
		InjectionPoint injectionPoint = (unsatisfied != null) ? unsatisfied.getInjectionPoint() : null;
		if (injectionPoint == null) {
			return "A component";
		}
		Field field = injectionPoint.getField();
		if (field != null) {
			return "Field " + field.getName() + " in " + field.getDeclaringClass().getName();
		}
		MethodParameter parameter = injectionPoint.getMethodParameter();
		if (parameter == null) {
			return "A component";
		}
		if (parameter.getConstructor() != null) {
			return "Parameter " + parameter.getParameterIndex() + " of constructor in "
					+ parameter.getDeclaringClass().getName();
		}
		return "Parameter " + parameter.getParameterIndex() + " of method " + parameter.getMethod().getName() + " in "
				+ parameter.getDeclaringClass().getName();
	}

}
