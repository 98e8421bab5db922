package io.github.vwopush;

/**
 * What VWO says of the account id and SDK key.
 */
public enum VwoCredentials {

	/** No answer yet (or none since the last transport error). */
	UNKNOWN,

	/** VWO served the settings file. */
	ACCEPTED,

	/** VWO answered 401 or 403. */
	REJECTED

}
