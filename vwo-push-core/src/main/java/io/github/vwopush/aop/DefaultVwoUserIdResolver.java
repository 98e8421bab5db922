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
