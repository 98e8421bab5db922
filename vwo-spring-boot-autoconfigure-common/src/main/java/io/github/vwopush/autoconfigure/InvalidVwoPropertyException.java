package io.github.vwopush.autoconfigure;

import java.util.List;
import java.util.stream.Collectors;

/**
 * One or more {@code vwo.*} properties are missing or out of range. Startup stops, and
 * {@link InvalidVwoPropertyFailureAnalyzer} tells the user what to set, for every bad
 * property at once.
 */
final class InvalidVwoPropertyException extends RuntimeException {

	private final String property;

	private final String action;

	private final List<InvalidVwoPropertyException> problems;

	/**
	 * Create the exception.
	 * @param property the property's full name, for example {@code vwo.sdk-key}
	 * @param problem what is wrong; never the value of a secret
	 * @param action what to do about it
	 */
	InvalidVwoPropertyException(String property, String problem, String action) {
		super(property + " " + problem);
		this.property = property;
		this.action = action;
		this.problems = List.of(this);
	}

	/**
	 * Create the exception for several bad properties.
	 * @param problems one exception per bad property, at least two
	 */
	InvalidVwoPropertyException(List<InvalidVwoPropertyException> problems) {
		super(problems.size() + " vwo.* properties are invalid: "
				+ problems.stream().map(Throwable::getMessage).collect(Collectors.joining("; ")));
		this.property = problems.stream()
			.map(InvalidVwoPropertyException::getProperty)
			.distinct()
			.collect(Collectors.joining(", "));
		this.action = problems.stream().map(InvalidVwoPropertyException::getAction).collect(Collectors.joining(" "));
		this.problems = List.copyOf(problems);
	}

	/**
	 * The property at fault.
	 * @return the full property name; the names, comma-separated, for several
	 */
	String getProperty() {
		return this.property;
	}

	/**
	 * What the user should do.
	 * @return the action
	 */
	String getAction() {
		return this.action;
	}

	/**
	 * Each bad property's own problem.
	 * @return this exception alone, or one per bad property
	 */
	List<InvalidVwoPropertyException> getProblems() {
		return this.problems;
	}

}
