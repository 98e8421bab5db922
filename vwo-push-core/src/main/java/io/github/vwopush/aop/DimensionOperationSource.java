package io.github.vwopush.aop;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import io.github.vwopush.VwoDimension;
import io.github.vwopush.VwoDimensions;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodClassKey;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.expression.Expression;
import org.springframework.expression.ParseException;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.VariableReference;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.util.ClassUtils;

/**
 * Finds, checks and parses {@code @VwoDimension} annotations once per method and target
 * class, like Spring's cache operation source. A problem is reported with the class, the
 * method and the attribute, at startup: a syntax error, a repeated key, a multi-value
 * return type, and a {@code #variable} that is not a parameter, a position, {@code #result}
 * or {@code #root} (when the method was compiled without parameter names, which cannot be
 * checked, the rejection of a push whose expression gave {@code null} says so).
 */
public final class DimensionOperationSource {

	private static final MethodDimensions NONE = new MethodDimensions(Object.class.getMethods()[0], List.of(), false);

	private static final int MAX_KEY_LENGTH = 255;

	/** The variables every evaluation defines, besides the parameters. */
	private static final Set<String> FIXED_VARIABLES = Set.of("result", "root", "this");

	private final SpelExpressionParser parser = new SpelExpressionParser();

	private final ParameterNameDiscoverer parameterNames = new DefaultParameterNameDiscoverer();

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
			Expression condition = parse(annotation.condition(), "condition", description);
			usesResolver |= (userId == null);
			Set<String> unchecked = new LinkedHashSet<>();
			unchecked.addAll(checkVariables(value, "value", description, specific));
			unchecked.addAll(checkVariables(userId, "userId", description, specific));
			unchecked.addAll(checkVariables(condition, "condition", description, specific));
			operations.add(new DimensionOperation(annotation.key(), value, userId, condition, description,
					unchecked.isEmpty() ? null : uncheckedNote(unchecked, where)));
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

	/**
	 * Check that every {@code #variable} of an expression is one that evaluation defines: a
	 * parameter name, {@code #p0}/{@code #a0} style positions, {@code #result},
	 * {@code #root} or {@code #this}. SpEL gives {@code null} for any other, so a typo would
	 * otherwise reject every push at run time.
	 * @return the variables that cannot be checked because the method was compiled without
	 * parameter names (empty when all were checked)
	 */
	private Set<String> checkVariables(@Nullable Expression expression, String attribute, String description,
			Method method) {
		if (!(expression instanceof SpelExpression spel)) {
			return Set.of();
		}
		Set<String> variables = new LinkedHashSet<>();
		collectVariables(spel.getAST(), variables);
		int count = method.getParameterCount();
		variables.removeIf((name) -> FIXED_VARIABLES.contains(name) || isPosition(name, count));
		if (variables.isEmpty()) {
			return Set.of();
		}
		String[] names = this.parameterNames.getParameterNames(method);
		if (names == null) {
			return (count > 0) ? variables : unknown(variables, attribute, description, spel, List.of(), count);
		}
		Set<String> unknown = new LinkedHashSet<>(variables);
		unknown.removeAll(Arrays.asList(names));
		return unknown.isEmpty() ? Set.of() : unknown(unknown, attribute, description, spel, Arrays.asList(names), count);
	}

	private static Set<String> unknown(Set<String> unknown, String attribute, String description, SpelExpression spel,
			List<String> names, int count) {
		String variables = unknown.stream().map((name) -> "#" + name).collect(Collectors.joining(", "));
		String defined = (count > 0) ? "the parameters " + names.stream().map((name) -> "#" + name)
			.collect(Collectors.joining(", ")) + " (or #p0 to #p" + (count - 1) + ", #a0 to #a" + (count - 1) + "), "
				: "no parameters (the method has none), ";
		throw new InvalidVwoDimensionException(description + ": the " + attribute + " expression '"
				+ spel.getExpressionString() + "' refers to " + variables + ", which "
				+ ((unknown.size() == 1) ? "is" : "are") + " not defined: expressions can use " + defined
				+ "#result, #root (#root.method, #root.args, #root.target) and beans (@name)");
	}

	private static String uncheckedNote(Set<String> unchecked, String where) {
		return unchecked.stream().map((name) -> "#" + name).collect(Collectors.joining(", ")) + " could not be "
				+ "checked: " + where + " was compiled without parameter names, so a parameter cannot be referred "
				+ "to by name; compile with javac -parameters (as Spring Boot's parent POM does) or use #p0 / #a0";
	}

	private static void collectVariables(SpelNode node, Set<String> variables) {
		if (node instanceof VariableReference) {
			// "#name": the node has no getter for its name.
			variables.add(node.toStringAST().substring(1));
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collectVariables(node.getChild(i), variables);
		}
	}

	private static boolean isPosition(String name, int count) {
		if (name.length() < 2 || (name.charAt(0) != 'p' && name.charAt(0) != 'a')) {
			return false;
		}
		String digits = name.substring(1);
		if (!digits.chars().allMatch(Character::isDigit) || digits.length() > 4) {
			return false;
		}
		return Integer.parseInt(digits) < count;
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
