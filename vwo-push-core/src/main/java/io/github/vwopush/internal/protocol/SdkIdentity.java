package io.github.vwopush.internal.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * How this starter names itself on the wire ({@code sdk} and {@code sdk-v}). VWO accepts any
 * value (each official SDK sends its own), so we say honestly who is calling.
 *
 * @param name the SDK name
 * @param version the SDK version
 */
public record SdkIdentity(String name, String version) {

	/** The name this starter sends as {@code sdk}. */
	public static final String NAME = "vwo-spring-boot-starter";

	/**
	 * This starter's identity; the version comes from the build.
	 * @return the identity
	 */
	public static SdkIdentity current() {
		Properties properties = new Properties();
		try (InputStream in = SdkIdentity.class.getResourceAsStream("sdk.properties")) {
			if (in != null) {
				properties.load(in);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return new SdkIdentity(NAME, properties.getProperty("version", "unknown"));
	}

	/**
	 * The {@code User-Agent} header value.
	 * @return name/version
	 */
	public String userAgent() {
		return this.name + "/" + this.version;
	}

}
