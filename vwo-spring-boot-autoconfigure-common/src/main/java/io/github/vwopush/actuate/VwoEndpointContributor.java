package io.github.vwopush.actuate;

/**
 * A part of the {@code vwo} endpoint's response that another module adds, as Spring Boot's
 * {@code InfoContributor} adds to {@code info}: the Kafka relay's state, for example. Each
 * bean of this type appears under {@link #name()} in the response's {@code extensions}, read
 * anew on every request. What it returns is serialized as Actuator serializes any endpoint's
 * response, and must hold no secret and no user id.
 */
public interface VwoEndpointContributor {

	/**
	 * The part's name in {@code extensions}.
	 * @return a name unique among the contributors
	 */
	String name();

	/**
	 * The part, as it is now.
	 * @return an object Actuator can serialize (a record of simple values, for example)
	 */
	Object describe();

}
