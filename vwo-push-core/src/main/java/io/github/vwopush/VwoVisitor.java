package io.github.vwopush;

import org.jspecify.annotations.Nullable;

/**
 * The user a push is about, with what FME's user context can add: a session id, the
 * visitor's user agent and IP address. They go where FME puts them on the event
 * architecture ({@code d.sessionId}, {@code d.visitor_ua}, {@code d.visitor_ip}, and the
 * {@code X-Device-User-Agent} / {@code VWO-X-Forwarded-For} headers of a single
 * {@code /events/t} request); FullStack's batch and legacy transports carry only the
 * session id ({@code sId}).
 *
 * @param userId the user id, 1 to 255 characters
 * @param sessionId the session id in epoch seconds, positive, or {@code null} for the
 * push's own time
 * @param userAgent the visitor's user agent, 1 to 1024 characters without control
 * characters, or {@code null}
 * @param ipAddress the visitor's IPv4 or IPv6 address (a literal, never a host name), or
 * {@code null}
 */
public record VwoVisitor(String userId, @Nullable Long sessionId, @Nullable String userAgent,
		@Nullable String ipAddress) {

	/**
	 * A visitor known by its id only.
	 * @param userId the user id
	 * @return the visitor
	 */
	public static VwoVisitor of(String userId) {
		return new VwoVisitor(userId, null, null, null);
	}

	/**
	 * This visitor in a session.
	 * @param sessionId the session id, epoch seconds
	 * @return a copy with the session id
	 */
	public VwoVisitor withSessionId(long sessionId) {
		return new VwoVisitor(this.userId, sessionId, this.userAgent, this.ipAddress);
	}

	/**
	 * This visitor with its user agent.
	 * @param userAgent the user agent
	 * @return a copy with the user agent
	 */
	public VwoVisitor withUserAgent(@Nullable String userAgent) {
		return new VwoVisitor(this.userId, this.sessionId, userAgent, this.ipAddress);
	}

	/**
	 * This visitor with its IP address.
	 * @param ipAddress the IP address
	 * @return a copy with the IP address
	 */
	public VwoVisitor withIpAddress(@Nullable String ipAddress) {
		return new VwoVisitor(this.userId, this.sessionId, this.userAgent, ipAddress);
	}


	/** Never the user id, the user agent or the IP address: logs must not hold personal data. */
	@Override
	public String toString() {
		return "VwoVisitor[userId=***, sessionId=" + this.sessionId + ", userAgent="
				+ ((this.userAgent != null) ? "***" : null) + ", ipAddress=" + ((this.ipAddress != null) ? "***" : null)
				+ "]";
	}

}
