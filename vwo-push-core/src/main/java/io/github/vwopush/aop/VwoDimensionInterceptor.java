package io.github.vwopush.aop;

import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

import io.github.vwopush.PushReason;
import io.github.vwopush.VwoPushService;
import io.github.vwopush.VwoUserIdResolver;
import io.github.vwopush.VwoVisitor;
import io.github.vwopush.internal.delivery.RejectionSink;
import io.github.vwopush.internal.protocol.ValueType;
import io.github.vwopush.internal.protocol.VisitorContext;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.expression.BeanFactoryResolver;
import org.springframework.context.expression.MethodBasedEvaluationContext;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.ParameterNameDiscoverer;

/**
 * Runs the annotated method, then evaluates its {@code @VwoDimension} annotations and
 * pushes the result: at once, when its {@code CompletionStage} or {@code Mono} succeeds, or
 * after the surrounding transaction commits. The method's result and exception pass
 * through untouched; nothing here throws into the caller.
 */
public final class VwoDimensionInterceptor implements MethodInterceptor {

	private static final Logger logger = LoggerFactory.getLogger(VwoDimensionInterceptor.class);

	private final DimensionOperationSource source;

	private final ObjectProvider<VwoPushService> service;

	private final ObjectProvider<VwoUserIdResolver> userIdResolver;

	private final BeanFactoryResolver beanResolver;

	private final boolean pushAfterCommit;

	private final boolean forwardVisitor;

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

	/**
	 * Create the interceptor. Collaborators are looked up lazily so that proxy creation does
	 * not create the push service early.
	 * @param source the parsed annotations
	 * @param service the push service
	 * @param userIdResolver the resolver for annotations without a user id expression
	 * @param beanFactory for {@code @bean} references in expressions
	 * @param pushAfterCommit whether to wait for the surrounding transaction to commit; only
	 * {@code true} when spring-tx is on the application's class path
	 */
	public VwoDimensionInterceptor(DimensionOperationSource source, ObjectProvider<VwoPushService> service,
			ObjectProvider<VwoUserIdResolver> userIdResolver, BeanFactory beanFactory, boolean pushAfterCommit) {
		this(source, service, userIdResolver, beanFactory, pushAfterCommit, false);
	}

	/**
	 * Create the interceptor.
	 * @param source the parsed annotations
	 * @param service the push service
	 * @param userIdResolver the resolver for annotations without a user id expression
	 * @param beanFactory for {@code @bean} references in expressions
	 * @param pushAfterCommit whether to wait for the surrounding transaction to commit
	 * @param forwardVisitor whether to push the current servlet request's user agent and
	 * client address with the dimensions; only {@code true} when the Servlet API is on the
	 * application's class path
	 */
	public VwoDimensionInterceptor(DimensionOperationSource source, ObjectProvider<VwoPushService> service,
			ObjectProvider<VwoUserIdResolver> userIdResolver, BeanFactory beanFactory, boolean pushAfterCommit,
			boolean forwardVisitor) {
		this.forwardVisitor = forwardVisitor;
		this.source = source;
		this.service = service;
		this.userIdResolver = userIdResolver;
		this.beanResolver = new BeanFactoryResolver(beanFactory);
		this.pushAfterCommit = pushAfterCommit;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		Object result = invocation.proceed();
		try {
			Object target = invocation.getThis();
			Class<?> targetClass = (target != null) ? AopUtils.getTargetClass(target) : null;
			MethodDimensions dimensions = this.source.get(invocation.getMethod(), targetClass);
			if (dimensions == null) {
				return result;
			}
			String resolvedUserId = dimensions.usesResolver() ? resolveUserId(dimensions) : null;
			Call call = new Call(dimensions, invocation.getArguments(), target,
					(targetClass != null) ? targetClass : invocation.getMethod().getDeclaringClass(), resolvedUserId,
					(dimensions.usesResolver() && resolvedUserId == null) ? whereTheResolverLooked() : null,
					this.forwardVisitor ? RequestVisitorContext.current() : null);
			if (result instanceof CompletionStage<?> stage) {
				stage.whenComplete((value, error) -> {
					if (error == null) {
						completed(call, value);
					}
				});
				return result;
			}
			if (result instanceof Mono<?> mono) {
				return mono.doOnSuccess((value) -> completed(call, value));
			}
			completed(call, result);
		}
		catch (RuntimeException | LinkageError ex) {
			// The exception's class only: messages of user code or SpEL can quote arguments, user ids included.
			logger.warn("@VwoDimension could not be processed for {} ({}); the method's result is unaffected",
					describe(invocation.getMethod()), ex.getClass().getName());
		}
		return result;
	}

	private void completed(Call call, @Nullable Object value) {
		try {
			Map<@Nullable String, Map<String, @Nullable Object>> byUser = evaluate(call, unwrap(value));
			if (byUser.isEmpty()) {
				return;
			}
			if (this.pushAfterCommit && AfterCommit.isTransactionActive()) {
				AfterCommit.run(() -> push(byUser, call.visitor));
			}
			else {
				push(byUser, call.visitor);
			}
		}
		catch (RuntimeException ex) {
			logger.warn("@VwoDimension could not be processed for {} ({})", describe(call.dimensions.method()),
					ex.getClass().getName());
		}
	}

	/** The dimensions to push, grouped by user id, in annotation order. */
	private Map<@Nullable String, Map<String, @Nullable Object>> evaluate(Call call, @Nullable Object result) {
		MethodDimensions dimensions = call.dimensions;
		Method method = dimensions.method();
		DimensionExpressionRoot root = new DimensionExpressionRoot(method, call.args, call.target, call.targetClass);
		MethodBasedEvaluationContext context = new MethodBasedEvaluationContext(root, method, call.args,
				this.parameterNames);
		context.setVariable("result", result);
		context.setBeanResolver(this.beanResolver);
		Map<@Nullable String, Map<String, @Nullable Object>> byUser = new LinkedHashMap<>(2);
		for (DimensionOperation operation : dimensions.operations()) {
			String attribute = "condition";
			try {
				if (operation.condition() != null
						&& !Boolean.TRUE.equals(operation.condition().getValue(context, Boolean.class))) {
					continue;
				}
				attribute = "value";
				Object value = operation.value().getValue(context);
				if (value == null && operation.unchecked() != null) {
					reject(operation.key(), PushReason.INVALID_VALUE, "the value expression '"
							+ operation.value().getExpressionString() + "' of " + operation.description()
							+ " gave null; " + operation.unchecked());
					continue;
				}
				attribute = "userId";
				String userId;
				if (operation.userId() != null) {
					userId = asString(operation.userId().getValue(context));
					if (userId == null && operation.unchecked() != null) {
						reject(operation.key(), PushReason.MISSING_USER_ID, "the userId expression '"
								+ operation.userId().getExpressionString() + "' of " + operation.description()
								+ " gave null; " + operation.unchecked());
						continue;
					}
				}
				else {
					userId = call.resolvedUserId;
					if (userId == null) {
						reject(operation.key(), PushReason.MISSING_USER_ID, "no user id for " + operation.description()
								+ ": it has no userId attribute (a SpEL expression for the user id), and "
								+ call.whereTheResolverLooked);
						continue;
					}
				}
				byUser.computeIfAbsent(userId, (id) -> new LinkedHashMap<>()).put(operation.key(), typed(value));
			}
			catch (RuntimeException ex) {
				rejectEvaluation(operation, attribute, ex);
			}
		}
		return byUser;
	}

	private void push(Map<@Nullable String, Map<String, @Nullable Object>> byUser, @Nullable VisitorContext visitor) {
		VwoPushService pushService = this.service.getObject();
		byUser.forEach((userId, dimensions) -> {
			if (visitor != null && userId != null) {
				pushService.push(dimensions, new VwoVisitor(userId, null, visitor.userAgent(), visitor.ipAddress()));
			}
			else {
				pushService.push(dimensions, userId);
			}
		});
	}

	private @Nullable String resolveUserId(MethodDimensions dimensions) {
		VwoUserIdResolver resolver = this.userIdResolver.getIfAvailable();
		if (resolver == null) {
			return null;
		}
		try {
			return resolver.resolveUserId();
		}
		catch (RuntimeException ex) {
			logger.warn("VwoUserIdResolver failed for {} ({}); the dimensions are rejected for lack of a user id",
					describe(dimensions.method()), ex.getClass().getName());
			return null;
		}
	}

	/**
	 * Where the user id resolver looked and found nothing, for the rejection's message;
	 * called on the thread that ran the method, where the request and principal are.
	 */
	private String whereTheResolverLooked() {
		VwoUserIdResolver resolver = this.userIdResolver.getIfAvailable();
		if (resolver == null) {
			return "there is no VwoUserIdResolver bean";
		}
		if (resolver instanceof DefaultVwoUserIdResolver defaultResolver) {
			return defaultResolver.whereItLooked();
		}
		return "the application's VwoUserIdResolver (" + resolver.getClass().getName() + ") returned null";
	}

	private void rejectEvaluation(DimensionOperation operation, String attribute, RuntimeException ex) {
		// Not the exception's message: SpEL and user code quote the values they failed on, user ids included.
		reject(operation.key(), PushReason.EVALUATION_ERROR, "could not evaluate the " + attribute + " of "
				+ operation.description() + " (" + ex.getClass().getName() + ")");
	}

	/** Count, record and log one dimension rejected before it could be pushed. */
	private void reject(String key, PushReason reason, String message) {
		if (this.service.getIfAvailable() instanceof RejectionSink pushService) {
			pushService.reject(key, reason, message);
		}
		else {
			logger.warn("VWO push rejected [{}]: {}", reason.tagValue(), message);
		}
	}

	private static String describe(Method method) {
		return method.getDeclaringClass().getSimpleName() + "." + method.getName();
	}

	private static @Nullable Object unwrap(@Nullable Object value) {
		return (value instanceof Optional<?> optional) ? optional.orElse(null) : value;
	}

	/**
	 * A string, or a number or boolean the push service accepts, is pushed as it is, so it
	 * keeps its type; anything else (an enum, an {@code AtomicLong}) as its
	 * {@code toString()}, as before typed values.
	 */
	private static @Nullable Object typed(@Nullable Object value) {
		return (value == null || ValueType.of(value) != null) ? value : value.toString();
	}

	private static @Nullable String asString(@Nullable Object value) {
		return (value != null) ? value.toString() : null;
	}

	/** One invocation, captured on the caller's thread for evaluation when the result is ready. */
	private record Call(MethodDimensions dimensions, Object[] args, @Nullable Object target, Class<?> targetClass,
			@Nullable String resolvedUserId, @Nullable String whereTheResolverLooked, @Nullable VisitorContext visitor) {
	}

}
