package io.github.vwopush;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A setting given to {@link VwoPushEngine.Builder} is invalid. The setting is named as its
 * Spring Boot property ({@code vwo.batch.max-events}), so that the builder and the
 * starter report a problem in the same words; the message never holds the SDK key.
 */
public class InvalidVwoSettingException extends IllegalArgumentException {

	private final String setting;

	private final String problem;

	private final String action;

	private final List<InvalidVwoSettingException> problems;

	/**
	 * One invalid setting.
	 * @param setting the setting's property name
	 * @param problem what is wrong, after the name
	 * @param action how to fix it
	 */
	public InvalidVwoSettingException(String setting, String problem, String action) {
		super(setting + " " + problem + ". " + action);
		this.setting = setting;
		this.problem = problem;
		this.action = action;
		this.problems = List.of(this);
	}

	/**
	 * Several invalid settings, reported together.
	 * @param problems one exception per problem, at least two
	 */
	public InvalidVwoSettingException(List<InvalidVwoSettingException> problems) {
		super(problems.size() + " settings are invalid: "
				+ problems.stream().map(Throwable::getMessage).collect(Collectors.joining(" ")));
		this.setting = problems.stream()
			.map(InvalidVwoSettingException::setting)
			.distinct()
			.collect(Collectors.joining(", "));
		this.problem = problems.stream().map(InvalidVwoSettingException::problem).collect(Collectors.joining("; "));
		this.action = problems.stream().map(InvalidVwoSettingException::action).collect(Collectors.joining(" "));
		this.problems = List.copyOf(problems);
	}

	/**
	 * The invalid setting's property name (several, comma-separated, for a combined report).
	 * @return the name
	 */
	public String setting() {
		return this.setting;
	}

	/**
	 * What is wrong, to be read after the setting's name.
	 * @return the problem
	 */
	public String problem() {
		return this.problem;
	}

	/**
	 * How to fix it.
	 * @return the action
	 */
	public String action() {
		return this.action;
	}

	/**
	 * Every problem found, in the order checked: this exception alone when there is one.
	 * @return the problems
	 */
	public List<InvalidVwoSettingException> problems() {
		return this.problems;
	}

}
