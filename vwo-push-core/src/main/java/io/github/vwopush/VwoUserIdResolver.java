package io.github.vwopush;

import org.jspecify.annotations.Nullable;

/**
 * Finds the current user's id for a {@link VwoDimension} that has no {@code userId}
 * expression. Declare your own bean to replace the default, which uses the authenticated
 * principal's name (with Spring Security) and then a request header
 * ({@code vwo.aspect.user-id-header}, default {@code X-User-Id}).
 * <p>
 * Called on the thread that ran the annotated method, when it returns.
 */
@FunctionalInterface
public interface VwoUserIdResolver {

	/**
	 * The current user's id.
	 * @return the id, or {@code null} when there is none (the push is then rejected with
	 * reason {@code missing_user_id})
	 */
	@Nullable String resolveUserId();

}
