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

	private static final boolean SECURITY_PRESENT = ClassUtils.isPresent(
			"org.springframework.security.core.context.SecurityContextHolder",
			DefaultVwoUserIdResolver.class.getClassLoader());

	private static final boolean SERVLET_PRESENT = ClassUtils.isPresent("jakarta.servlet.http.HttpServletRequest",
			DefaultVwoUserIdResolver.class.getClassLoader());

	private final String header;

	/**
	 * Create the resolver.
	 * @param header the request header that carries the user id
	 */
	public DefaultVwoUserIdResolver(String header) {
		this.header = header;
	}

	@Override
	public @Nullable String resolveUserId() {
		if (SECURITY_PRESENT) {
			String principal = SecurityPrincipal.currentName();
			if (principal != null) {
				return principal;
			}
		}
		if (SERVLET_PRESENT) {
			RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
			if (attributes instanceof ServletRequestAttributes servlet) {
				return servlet.getRequest().getHeader(this.header);
			}
		}
		return null;
	}

}
