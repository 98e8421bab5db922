package io.github.vwopush.aop;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoDimensions;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.MethodClassKey;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;

/**
 * Finds, checks and parses {@code @VwoDimension} annotations once per method and target
 * class, like Spring's cache operation source. A problem is reported with the class, the
 * method and the attribute, at startup.
 */
public final class DimensionOperationSource {

	private static final MethodDimensions NONE = new MethodDimensions(Object.class.getMethods()[0], List.of(), false);

	private static final int MAX_KEY_LENGTH = 255;

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final Map<MethodClassKey, MethodDimensions> cache = new ConcurrentHashMap<>(64);

	/**
	 * The parsed annotations of a method.
	 * @param method the invoked method
	 * @param targetClass the target class, or {@code null}
	 * @return the annotations, or {@code null} when the method has none
	 * @throws InvalidVwoDimensionException when an annotation cannot work as written
	 */
	public @Nullable MethodDimensions get(Method method, @Nullable Class<?> targetClass) {
		MethodClassKey key = new MethodClassKey(method, targetClass);
		MethodDimensions found = this.cache.get(key);
		if (found == null) {
			found = find(method, targetClass);
			this.cache.put(key, found);
		}
		return (found != NONE) ? found : null;
	}

	private MethodDimensions find(Method method, @Nullable Class<?> targetClass) {
		Method specific = AopUtils.getMostSpecificMethod(method, (targetClass != null) ? targetClass : method.getDeclaringClass());
		Set<VwoDimension> annotations = AnnotatedElementUtils.findMergedRepeatableAnnotations(specific,
				VwoDimension.class, VwoDimensions.class);
		if (annotations.isEmpty() && specific != method) {
			annotations = AnnotatedElementUtils.findMergedRepeatableAnnotations(method, VwoDimension.class,
					VwoDimensions.class);
		}
		if (annotations.isEmpty()) {
			return NONE;
		}
		String where = ClassUtils.getQualifiedMethodName(specific, targetClass);
		checkReturnType(specific, where);
		List<DimensionOperation> operations = new ArrayList<>(annotations.size());
		Set<String> keys = new HashSet<>();
		boolean usesResolver = false;
		for (VwoDimension annotation : annotations) {
			String description = "@VwoDimension(key=\"" + annotation.key() + "\") on " + where;
			checkKey(annotation.key(), description);
			if (!keys.add(annotation.key())) {
				throw new InvalidVwoDimensionException(description + " repeats the key '" + annotation.key()
						+ "'; each @VwoDimension on a method needs its own key");
			}
			Expression value = parse(annotation.value(), "value", description);
			if (value == null) {
				throw new InvalidVwoDimensionException(description + ": the value attribute is empty; give a SpEL "
						+ "expression such as \"#plan\" or \"'gold'\"");
			}
			Expression userId = parse(annotation.userId(), "userId", description);
			usesResolver |= (userId == null);
			operations.add(new DimensionOperation(annotation.key(), value, userId,
					parse(annotation.condition(), "condition", description), description));
		}
		return new MethodDimensions(specific, List.copyOf(operations), usesResolver);
	}

	private static void checkReturnType(Method method, String where) {
		Class<?> type = method.getReturnType();
		boolean supported = !Publisher.class.isAssignableFrom(type) || Mono.class.isAssignableFrom(type);
		if (!supported) {
			throw new InvalidVwoDimensionException("@VwoDimension on " + where + " cannot follow its return type "
					+ type.getName() + ", which may emit many values; annotate a method that returns a plain value, "
					+ Optional.class.getSimpleName() + ", " + CompletionStage.class.getSimpleName() + " or Mono");
		}
	}

	private static void checkKey(String key, String description) {
		if (key.isBlank() || key.length() > MAX_KEY_LENGTH || key.chars().anyMatch(Character::isISOControl)) {
			throw new InvalidVwoDimensionException(description + ": the key must be 1 to " + MAX_KEY_LENGTH
					+ " characters, not blank, without control characters");
		}
	}

	private @Nullable Expression parse(String text, String attribute, String description) {
		if (text.isBlank()) {
			return null;
		}
		try {
			return this.parser.parseExpression(text);
		}
		catch (ParseException ex) {
			throw new InvalidVwoDimensionException(description + ": the " + attribute + " expression '" + text
					+ "' does not parse: " + ex.getMessage());
		}
	}

}
