package io.github.vwopush.autoconfigure;

/**
 * A {@code vwo.*} property is missing or out of range. Startup stops, and
 * {@link InvalidVwoPropertyFailureAnalyzer} tells the user what to set.
 */
public class InvalidVwoPropertyException extends RuntimeException {

	private final String property;

	private final String action;

	/**
	 * Create the exception.
	 * @param property the property's full name, for example {@code vwo.sdk-key}
	 * @param problem what is wrong; never the value of a secret
	 * @param action what to do about it
	 */
	public InvalidVwoPropertyException(String property, String problem, String action) {
		super(property + " " + problem);
		this.property = property;
		this.action = action;
	}

	/**
	 * The property at fault.
	 * @return the full property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * What the user should do.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
