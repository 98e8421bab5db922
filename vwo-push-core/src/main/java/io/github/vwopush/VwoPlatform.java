package io.github.vwopush;

/**
 * Which of VWO's server-side platforms the account is on: it decides where the settings
 * file comes from and which transports exist ({@code vwo.platform}).
 */
public enum VwoPlatform {

	/** VWO FullStack, the legacy platform; batch, event-arch or legacy transport. */
	FULLSTACK("fullstack"),

	/** VWO Feature Management and Experimentation (FME), FullStack's successor. */
	FME("fme");

	private final String tagValue;

	VwoPlatform(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * The name used in properties, the endpoint, health and logs.
	 * @return the name
	 */
	public String tagValue() {
		return this.tagValue;
	}

}
