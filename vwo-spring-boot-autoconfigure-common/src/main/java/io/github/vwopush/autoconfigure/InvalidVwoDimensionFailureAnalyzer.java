package io.github.vwopush.autoconfigure;

import io.github.vwopush.aop.InvalidVwoDimensionException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidVwoDimensionException} into a startup report that names the
 * annotated method and the attribute at fault.
 */
class InvalidVwoDimensionFailureAnalyzer extends AbstractFailureAnalyzer<InvalidVwoDimensionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidVwoDimensionException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Fix the @VwoDimension annotation named above, or set vwo.aspect.enabled=false to turn the "
						+ "annotation support off.",
				cause);
	}

}
