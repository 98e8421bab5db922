package io.github.vwopush.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidVwoPropertyException} into a startup report that names the
 * property and says how to set it.
 */
class InvalidVwoPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidVwoPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidVwoPropertyException cause) {
		return new FailureAnalysis("The VWO push starter cannot start: " + cause.getMessage() + ".",
				cause.getAction(), cause);
	}

}
