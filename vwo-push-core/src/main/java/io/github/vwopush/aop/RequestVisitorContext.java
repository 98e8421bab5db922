package io.github.vwopush.aop;

import io.github.vwopush.internal.protocol.VisitorContext;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The current servlet request's user agent and client address, for a push that forwards
 * them (only when {@code vwo.aspect.forward-user-agent-and-ip} is on: an IP address is
 * personal data). The address is the request's remote address, which Spring Boot's
 * {@code server.forward-headers-strategy} makes the client's behind a proxy. Only loaded
 * when the Servlet API is present.
 */
final class RequestVisitorContext {

	private RequestVisitorContext() {
	}

	static @Nullable VisitorContext current() {
		RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
		if (!(attributes instanceof ServletRequestAttributes servlet)) {
			return null;
		}
		HttpServletRequest request = servlet.getRequest();
		String userAgent = request.getHeader("User-Agent");
		String address = request.getRemoteAddr();
		if (userAgent == null && address == null) {
			return null;
		}
		return new VisitorContext(null, userAgent, address);
	}

}
