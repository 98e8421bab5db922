package io.github.vwopush.internal.protocol;

/**
 * Which of VWO's server-side platforms the account is on: it decides where the settings
 * file comes from and which transports exist.
 */
public enum Platform {

	/** VWO FullStack, the legacy platform: {@code /server-side/settings}; batch, event-arch or legacy transport. */
	FULLSTACK("fullstack", "/server-side/settings", Transport.BATCH),

	/**
	 * VWO Feature Management and Experimentation (FME), FullStack's successor:
	 * {@code /server-side/v2-settings}; event-architecture payloads, batched or one per request.
	 */
	FME("fme", "/server-side/v2-settings", Transport.BATCH_V2);

	private final String tagValue;

	private final String settingsPath;

	private final Transport defaultTransport;

	Platform(String tagValue, String settingsPath, Transport defaultTransport) {
		this.tagValue = tagValue;
		this.settingsPath = settingsPath;
		this.defaultTransport = defaultTransport;
	}

	/**
	 * The name used in properties, the endpoint and logs.
	 * @return the name
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * The settings file's path, never prefixed.
	 * @return the path
	 */
	public String settingsPath() {
		return this.settingsPath;
	}

	/**
	 * The transport used when {@code vwo.transport} is not set.
	 * @return the transport
	 */
	public Transport defaultTransport() {
		return this.defaultTransport;
	}

	/**
	 * Whether the platform's collector accepts a transport.
	 * @param transport the transport
	 * @return {@code true} when it does
	 */
	public boolean supports(Transport transport) {
		return (this == FME) ? transport == Transport.BATCH_V2 || transport == Transport.EVENT_ARCH
				: transport != Transport.BATCH_V2;
	}

}
