package io.github.vwopush.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public API of one published jar, as signature lines: every public or protected type
 * under {@code io.github.vwopush} outside the {@code internal} packages, and its public and
 * protected constructors, methods and fields. Read by reflection from the compiled classes
 * and compared with the committed description in the module's {@code api/} directory, so
 * that every change of the API is a reviewed diff of that file.
 */
public final class PublicApi {

	/** Set to {@code true} to rewrite the committed description from the code. */
	public static final String UPDATE_PROPERTY = "vwo.api.update";

	private final List<String> lines;

	private PublicApi(List<String> lines) {
		this.lines = lines;
	}

	/**
	 * The API of the jar (or classes directory) that holds a class.
	 * @param member any class of the module
	 * @return its API
	 */
	public static PublicApi of(Class<?> member) {
		Path location;
		try {
			location = Path.of(member.getProtectionDomain().getCodeSource().getLocation().toURI());
		}
		catch (URISyntaxException ex) {
			throw new IllegalStateException(ex);
		}
		List<String> names = classNames(location);
		TreeMap<String, List<String>> types = new TreeMap<>();
		for (String name : names) {
			Class<?> type;
			try {
				type = Class.forName(name, false, member.getClassLoader());
			}
			catch (ClassNotFoundException ex) {
				throw new IllegalStateException(ex);
			}
			if (isExported(type)) {
				types.put(type.getName(), describe(type));
			}
		}
		List<String> lines = new ArrayList<>();
		types.values().forEach(lines::addAll);
		return new PublicApi(lines);
	}

	private static List<String> classNames(Path location) {
		try {
			if (Files.isDirectory(location)) {
				return classNames(location, location);
			}
			try (FileSystem jar = FileSystems.newFileSystem(location)) {
				Path root = jar.getPath("/");
				return classNames(root, root);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static List<String> classNames(Path root, Path start) throws IOException {
		Path base = root.resolve("io/github/vwopush");
		if (!Files.isDirectory(base)) {
			return List.of();
		}
		try (Stream<Path> files = Files.walk(base)) {
			return files.map((file) -> root.relativize(file).toString())
				.filter((name) -> name.endsWith(".class") && !name.endsWith("package-info.class")
						&& !name.endsWith("module-info.class"))
				.map((name) -> name.substring(0, name.length() - ".class".length()).replace('/', '.'))
				.filter((name) -> !name.contains(".internal."))
				.sorted()
				.toList();
		}
	}

	/** Public or protected, and so is every type it is nested in. */
	private static boolean isExported(Class<?> type) {
		if (type.isSynthetic() || type.isAnonymousClass() || type.isLocalClass()) {
			return false;
		}
		for (Class<?> t = type; t != null; t = t.getDeclaringClass()) {
			int modifiers = t.getModifiers();
			if (!Modifier.isPublic(modifiers) && !Modifier.isProtected(modifiers)) {
				return false;
			}
		}
		return true;
	}

	private static List<String> describe(Class<?> type) {
		List<String> lines = new ArrayList<>();
		lines.add(declaration(type));
		Set<String> members = new LinkedHashSet<>();
		// A final class's protected members are reachable by no one: not API.
		boolean openToSubclasses = !Modifier.isFinal(type.getModifiers()) && !type.isEnum() && !type.isRecord();
		for (Constructor<?> constructor : type.getDeclaredConstructors()) {
			if (isExported(constructor, openToSubclasses)) {
				members.add("  " + constructor.toGenericString());
			}
		}
		for (Method method : type.getDeclaredMethods()) {
			if (isExported(method, openToSubclasses) && !method.isBridge()) {
				members.add("  " + method.toGenericString());
			}
		}
		for (Field field : type.getDeclaredFields()) {
			if (isExported(field, openToSubclasses)) {
				members.add("  " + field.toGenericString());
			}
		}
		lines.addAll(members.stream().sorted().toList());
		return lines;
	}

	private static boolean isExported(Member member, boolean openToSubclasses) {
		int modifiers = member.getModifiers();
		return !member.isSynthetic()
				&& (Modifier.isPublic(modifiers) || (openToSubclasses && Modifier.isProtected(modifiers)));
	}

	private static String declaration(Class<?> type) {
		StringBuilder line = new StringBuilder(type.getName()).append(": ");
		int modifiers = type.getModifiers() & ~Modifier.STATIC & ~Modifier.INTERFACE;
		if (type.isInterface()) {
			modifiers &= ~Modifier.ABSTRACT;
		}
		String kind = type.isAnnotation() ? "@interface" : type.isInterface() ? "interface" : type.isEnum() ? "enum"
				: type.isRecord() ? "record" : "class";
		if (type.isEnum() || type.isRecord()) {
			modifiers &= ~Modifier.FINAL;
		}
		line.append(Modifier.toString(modifiers)).append(modifiers != 0 ? " " : "").append(kind);
		Type superclass = type.getGenericSuperclass();
		if (superclass != null && superclass != Object.class && !type.isEnum() && !type.isRecord()) {
			line.append(" extends ").append(superclass.getTypeName());
		}
		Type[] interfaces = type.getGenericInterfaces();
		if (interfaces.length > 0) {
			line.append(type.isInterface() ? " extends " : " implements ")
				.append(Arrays.stream(interfaces).map(Type::getTypeName).collect(Collectors.joining(", ")));
		}
		if (type.isSealed()) {
			line.append(" permits ")
				.append(Arrays.stream(type.getPermittedSubclasses()).map(Class::getName).collect(Collectors.joining(", ")));
		}
		return line.toString();
	}

	/**
	 * The signature lines, sorted by type.
	 * @return the lines
	 */
	public List<String> lines() {
		return this.lines;
	}

	/**
	 * Fail unless the committed description matches, with a diff and how to accept the
	 * change; with {@code -Dvwo.api.update=true}, rewrite the description instead.
	 * @param description the committed file
	 */
	public void assertMatches(Path description) {
		String text = String.join("\n", this.lines) + "\n";
		if (Boolean.getBoolean(UPDATE_PROPERTY)) {
			try {
				Files.createDirectories(description.getParent());
				Files.writeString(description, text, StandardCharsets.UTF_8);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			return;
		}
		List<String> committed;
		try {
			committed = Files.exists(description) ? Files.readAllLines(description, StandardCharsets.UTF_8) : List.of();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		if (committed.equals(this.lines)) {
			return;
		}
		Set<String> inCode = new LinkedHashSet<>(this.lines);
		Set<String> inFile = new LinkedHashSet<>(committed);
		StringBuilder diff = new StringBuilder();
		diff.append("The public API differs from ").append(description.toAbsolutePath().normalize()).append(":\n");
		for (String line : committed) {
			if (!inCode.contains(line)) {
				diff.append("- ").append(line).append('\n');
			}
		}
		for (String line : this.lines) {
			if (!inFile.contains(line)) {
				diff.append("+ ").append(line).append('\n');
			}
		}
		if (inCode.equals(inFile)) {
			diff.append("(the same lines in another order)\n");
		}
		diff.append("('-' only in the file, '+' only in the code.) If the change is intended, regenerate the file "
				+ "with -D").append(UPDATE_PROPERTY).append("=true on this module's test run and commit it with the "
				+ "change; anything under an 'internal' package is not API.");
		throw new AssertionError(diff.toString());
	}

}
