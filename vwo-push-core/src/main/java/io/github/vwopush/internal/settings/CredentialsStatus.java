package io.github.vwopush.internal.settings;

/**
 * What VWO's settings endpoint said of the account id and SDK key.
 */
public enum CredentialsStatus {

	/** No answer yet (or none since the last transport error). */
	UNKNOWN,

	/** The settings file was served. */
	ACCEPTED,

	/** VWO answered 401 or 403. */
	REJECTED

}
