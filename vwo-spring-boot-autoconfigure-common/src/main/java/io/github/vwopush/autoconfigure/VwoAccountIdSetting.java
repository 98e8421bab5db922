package io.github.vwopush.autoconfigure;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;

/**
 * What {@code vwo.account-id} is in an environment, as the push service's condition and the
 * report of a missing push service describe it. Empty, blank and an unresolvable
 * placeholder ({@code ${VWO_ACCOUNT_ID}} without the variable) all mean "not set", as an
 * empty value does for Spring Boot's own starters.
 *
 * @param state whether and how it is set
 * @param raw the value as written, before placeholders are resolved, or {@code null} when
 * it is not set anywhere
 * @param origin where it is written, when known
 */
record VwoAccountIdSetting(State state, @Nullable String raw, @Nullable Origin origin) {

	static final String PROPERTY = "vwo.account-id";

	private static final ConfigurationPropertyName NAME = ConfigurationPropertyName.of(PROPERTY);

	/**
	 * Read the setting.
	 * @param environment the application's environment
	 * @return the setting
	 */
	static VwoAccountIdSetting of(Environment environment) {
		ConfigurationProperty written = written(environment);
		String raw = (written != null && written.getValue() != null) ? written.getValue().toString() : null;
		Origin origin = (written != null) ? written.getOrigin() : null;
		String value;
		try {
			value = environment.getProperty(PROPERTY);
		}
		catch (IllegalArgumentException ex) {
			// Spring's PlaceholderResolutionException: ${VWO_ACCOUNT_ID} and no such variable.
			return new VwoAccountIdSetting(State.UNRESOLVED, raw, origin);
		}
		if (value == null) {
			return new VwoAccountIdSetting(State.UNSET, null, null);
		}
		return new VwoAccountIdSetting(value.isBlank() ? State.EMPTY : State.SET, raw, origin);
	}

	private static @Nullable ConfigurationProperty written(Environment environment) {
		if (!(environment instanceof ConfigurableEnvironment)) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(NAME);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	boolean isSet() {
		return this.state == State.SET;
	}

	/**
	 * What it is now, for a report: "vwo.account-id is not set", "is empty", or "is
	 * '${VWO_ACCOUNT_ID}', a placeholder that nothing resolves", with where it is written.
	 * @return the description
	 */
	String describe() {
		String where = (this.origin != null) ? " (" + this.origin + ")" : "";
		return switch (this.state) {
			case UNSET -> PROPERTY + " is not set";
			case EMPTY -> PROPERTY + " is empty" + ((this.raw != null && !this.raw.isBlank())
					? ": '" + this.raw + "' resolves to an empty value" : "") + where;
			case UNRESOLVED -> PROPERTY + " is '" + this.raw + "', a placeholder that nothing resolves (no such "
					+ "property or environment variable)" + where;
			case SET -> PROPERTY + " is set" + where;
		};
	}

	/** Whether and how {@code vwo.account-id} is set. */
	enum State {

		/** Not in any property source. */
		UNSET,

		/** Empty or blank, placeholders resolved. */
		EMPTY,

		/** A placeholder that nothing resolves. */
		UNRESOLVED,

		/** Set to something: the push service is created, and checks the value. */
		SET

	}

}
