package io.github.vwopush.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a startup failure says about a bad {@code vwo.*} property, for tests outside this
 * package: the exception that says it is the auto-configuration's own.
 */
public final class InvalidVwoProperties {

	private InvalidVwoProperties() {
	}

	/**
	 * Assert that a failure is a bad {@code vwo.*} property.
	 * @param failure the root cause of a failed startup
	 * @param property the property it must name
	 * @param actionContains what the action it suggests must contain
	 */
	public static void assertInvalid(Throwable failure, String property, String actionContains) {
		assertThat(failure).isInstanceOf(InvalidVwoPropertyException.class);
		InvalidVwoPropertyException invalid = (InvalidVwoPropertyException) failure;
		assertThat(invalid.getProperty()).isEqualTo(property);
		assertThat(invalid.getAction()).contains(actionContains);
	}

}
