package io.github.vwopush.aop;

import io.github.vwopush.VwoUserIdResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * The authenticated principal's name when Spring Security is present, then a header of the
 * current servlet request. WebFlux has no thread-bound request: give {@code userId} an
 * expression there, or declare your own {@link VwoUserIdResolver}.
 */
public final class DefaultVwoUserIdResolver implements VwoUserIdResolver {

	private static final String SECURITY_CLASS = "org.springframework.security.core.context.SecurityContextHolder";

	private static final String SERVLET_CLASS = "jakarta.servlet.http.HttpServletRequest";

	private final String header;

	private final boolean securityPresent;

	private final boolean servletPresent;

	/**
	 * Create the resolver, looking for Spring Security and the Servlet API where this class
	 * was loaded from.
	 * @param header the request header that carries the user id
	 */
	public DefaultVwoUserIdResolver(String header) {
		this(header, DefaultVwoUserIdResolver.class.getClassLoader());
	}

	/**
	 * Create the resolver, looking for Spring Security and the Servlet API in the given
	 * class loader (the application's, so that the answer is the application's).
	 * @param header the request header that carries the user id
	 * @param classLoader where to look for Spring Security and the Servlet API
	 */
	public DefaultVwoUserIdResolver(String header, @Nullable ClassLoader classLoader) {
		this.header = header;
		this.securityPresent = ClassUtils.isPresent(SECURITY_CLASS, classLoader);
		this.servletPresent = ClassUtils.isPresent(SERVLET_CLASS, classLoader);
	}

	/**
	 * Where {@link #resolveUserId()} looks and why it finds nothing now, for the message of a
	 * push rejected with reason {@code missing_user_id}: the principal, the header and the
	 * request. Never a value.
	 * @return the description, on the thread that resolved the user id
	 */
	public String whereItLooked() {
		String principal = this.securityPresent
				? ((SecurityPrincipal.currentName() == null) ? "there is no authenticated principal"
						: "the authenticated principal has a name")
				: "there is no authenticated principal (Spring Security is not on the class path)";
		String header;
		if (!this.servletPresent) {
			header = "no request header " + this.header + " (the Servlet API is not on the class path)";
		}
		else if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes servlet) {
			header = (servlet.getRequest().getHeader(this.header) == null)
					? "the request has no header " + this.header
					: "the request's header " + this.header + " is there";
		}
		else {
			header = "no servlet request on this thread (WebFlux, or a thread of your own), so no header "
					+ this.header;
		}
		return "the default VwoUserIdResolver found none: " + principal + ", and " + header
				+ " (vwo.aspect.user-id-header)";
	}

	@Override
	public @Nullable String resolveUserId() {
		if (this.securityPresent) {
			String principal = SecurityPrincipal.currentName();
			if (principal != null) {
				return principal;
			}
		}
		if (this.servletPresent) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				return servlet.getRequest().getHeader(this.header);
			}
		}
		return null;
	}

}
