package io.github.vwopush.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which Spring Boot line the starter needs, and what to do about it.
 */
class UnsupportedSpringBootLineFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedSpringBootLineException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootLineException cause) {
		return new FailureAnalysis("io.github.vwopush:vwo-spring-boot-starter is built for Spring Boot "
				+ cause.getSupportedMajor() + ".x, but this application runs Spring Boot " + cause.getBootVersion()
				+ ". Its auto-configuration uses Spring Boot " + cause.getSupportedMajor()
				+ "'s module layout and would fail to load.",
				"Run the application on Spring Boot " + cause.getSupportedMajor()
						+ ".x, or remove io.github.vwopush:vwo-spring-boot-starter: this release has no artifact for "
						+ "Spring Boot " + cause.getBootVersion().split("\\.")[0] + ".x.",
				cause);
	}

}
