package io.github.vwopush.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link InvalidVwoPropertyException} into a startup report that names the
 * property and says how to set it; with several bad properties, every one of them.
 */
class InvalidVwoPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidVwoPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidVwoPropertyException cause) {
		List<InvalidVwoPropertyException> problems = cause.getProblems();
		if (problems.size() == 1) {
			return new FailureAnalysis("The VWO push starter cannot start: " + cause.getMessage() + ".",
					cause.getAction(), cause);
		}
		String lineSeparator = System.lineSeparator();
		String description = problems.stream()
			.map((problem) -> "    - " + problem.getMessage())
			.collect(Collectors.joining(lineSeparator, "The VWO push starter cannot start: " + problems.size()
					+ " vwo.* properties are invalid:" + lineSeparator + lineSeparator, ""));
		String action = problems.stream()
			.map((problem) -> "    - " + problem.getAction())
			.collect(Collectors.joining(lineSeparator, "Fix each of them:" + lineSeparator + lineSeparator, ""));
		return new FailureAnalysis(description, action, cause);
	}

}
