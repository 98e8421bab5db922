package io.github.vwopush.internal.protocol;

import org.jspecify.annotations.Nullable;

/**
 * What a push may say about the visitor besides its id, as FME's user context does; each
 * part optional. Validated before it gets here.
 *
 * @param sessionId the visitor's session id, epoch seconds, or {@code null} for the push's
 * own time
 * @param userAgent the visitor's user agent, or {@code null}
 * @param ipAddress the visitor's IP address, or {@code null}
 */
public record VisitorContext(@Nullable Long sessionId, @Nullable String userAgent, @Nullable String ipAddress) {

	/** Never the user agent or the IP address: both are personal data. */
	@Override
	public String toString() {
		return "VisitorContext[sessionId=" + this.sessionId + ", userAgent=" + ((this.userAgent != null) ? "***" : null)
				+ ", ipAddress=" + ((this.ipAddress != null) ? "***" : null) + "]";
	}

}
