package io.github.vwopush.sample.containers;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.testcontainers.DockerClientFactory;

/**
 * Runs the test when Docker is available. Without Docker it is skipped with a clear reason,
 * except when {@code CI=true}: then it runs and fails, so CI proves the container tests ran.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresDocker.Condition.class)
@interface RequiresDocker {

	class Condition implements ExecutionCondition {

		@Override
		public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
			if (DockerClientFactory.instance().isDockerAvailable()) {
				return ConditionEvaluationResult.enabled("Docker is available");
			}
			if ("true".equalsIgnoreCase(System.getenv("CI"))) {
				return ConditionEvaluationResult.enabled("CI=true and Docker is not available: the test runs, and fails");
			}
			String reason = "Docker is not available, so the container tests are skipped. "
					+ "Run 'bash .ci/docker-setup' (or start Docker) to run them; with CI=true they fail instead.";
			System.out.println("[container tests] " + context.getDisplayName() + ": " + reason);
			return ConditionEvaluationResult.disabled(reason);
		}

	}

}
