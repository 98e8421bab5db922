package io.github.vwopush.sample.readme;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every {@code ```java} snippet of the README compiles as shown, with the imports it shows,
 * against this line's test class path (the starter, its test support, Spring MVC, JUnit,
 * AssertJ). A snippet that declares a type is compiled as a source file; one that is only
 * statements (after its imports) is compiled in a method where {@code vwo} (the
 * {@code VwoPushService}), {@code userId} and {@code request} (the
 * {@code HttpServletRequest}) are in scope, as the README says. Nothing else is imported
 * for it.
 */
class ReadmeSnippetsTests {

	private static final Pattern JAVA_BLOCK = Pattern.compile("^```java\\n(.*?)^```$",
			Pattern.MULTILINE | Pattern.DOTALL);

	private static final Pattern IMPORT = Pattern.compile("^import (static )?[\\w.]+(\\.\\*)?;$");

	private static final Pattern TYPE_DECLARATION = Pattern.compile(
			"^(@\\w+(\\(.*\\))?\\s+)*((public|abstract|final)\\s+)*(class|interface|record|enum)\\s",
			Pattern.MULTILINE);

	@TempDir
	Path directory;

	@Test
	void everyJavaSnippetCompilesWithTheImportsItShows() throws IOException {
		String readme = Files.readString(readme(), StandardCharsets.UTF_8);
		List<Path> sources = new ArrayList<>();
		Matcher block = JAVA_BLOCK.matcher(readme);
		while (block.find()) {
			int line = lineOf(readme, block.start());
			sources.add(write(line, block.group(1)));
		}
		// The snippets of "Use it", "Typed values", "Testing your application" and the FME section.
		assertThat(sources).as("java snippets found in README.md").hasSizeGreaterThanOrEqualTo(6);
		assertThat(compile(sources)).as("README.md snippets that do not compile").isEmpty();
	}

	@Test
	void aSnippetWithoutItsImportsDoesNotCompile() throws IOException {
		// The check itself: the same statements as README's typed values, without "import java.util.Map;".
		Path source = write(1, "vwo.push(Map.of(\"plan\", \"gold\"), userId);\n");
		assertThat(compile(List.of(source))).singleElement().asString().contains("cannot find symbol");
	}

	/** The snippet as a source file named after its README line, so an error points at it. */
	private Path write(int line, String snippet) throws IOException {
		StringBuilder imports = new StringBuilder();
		StringBuilder body = new StringBuilder();
		boolean inImports = true;
		for (String text : snippet.split("\n", -1)) {
			if (inImports && (text.isBlank() || IMPORT.matcher(text.strip()).matches())) {
				imports.append(text).append('\n');
			}
			else {
				inImports = false;
				body.append(text).append('\n');
			}
		}
		String name = "ReadmeLine" + line;
		String source;
		if (TYPE_DECLARATION.matcher(body).find()) {
			source = imports + body.toString();
		}
		else {
			source = imports + "class " + name + " {\n    void snippet(io.github.vwopush.VwoPushService vwo, "
					+ "String userId, jakarta.servlet.http.HttpServletRequest request) throws Exception {\n" + body
					+ "    }\n}\n";
		}
		Path file = this.directory.resolve("src").resolve(name + ".java");
		Files.createDirectories(file.getParent());
		Files.writeString(file, source, StandardCharsets.UTF_8);
		return file;
	}

	/** The compiler's errors, each with its README line. */
	private List<String> compile(List<Path> sources) throws IOException {
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
		Path classes = Files.createDirectories(this.directory.resolve("classes"));
		try (StandardJavaFileManager files = compiler.getStandardFileManager(diagnostics, Locale.ROOT,
				StandardCharsets.UTF_8)) {
			List<String> options = List.of("-proc:none", "-d", classes.toString(), "-classpath", classPath());
			compiler.getTask(null, files, diagnostics, options, null, files.getJavaFileObjectsFromPaths(sources))
				.call();
		}
		List<String> errors = new ArrayList<>();
		for (Diagnostic<? extends JavaFileObject> diagnostic : diagnostics.getDiagnostics()) {
			if (diagnostic.getKind() == Diagnostic.Kind.ERROR) {
				String file = (diagnostic.getSource() != null) ? diagnostic.getSource().getName() : "?";
				errors.add(file.substring(file.lastIndexOf(File.separatorChar) + 1) + " (snippet line "
						+ diagnostic.getLineNumber() + "): " + diagnostic.getMessage(Locale.ROOT));
			}
		}
		return errors;
	}

	private static String classPath() {
		// Surefire may start the tests from a manifest-only jar; it names the real class path here.
		String surefire = System.getProperty("surefire.test.class.path");
		return (surefire != null && !surefire.isBlank()) ? surefire : System.getProperty("java.class.path");
	}

	private static Path readme() {
		Path here = Path.of("").toAbsolutePath();
		for (Path directory = here; directory != null; directory = directory.getParent()) {
			Path readme = directory.resolve("README.md");
			if (Files.exists(readme) && Files.exists(directory.resolve("vwo-push-core"))) {
				return readme;
			}
		}
		throw new IllegalStateException("No README.md above " + here);
	}

	private static int lineOf(String text, int offset) {
		int line = 1;
		for (int i = 0; i < offset; i++) {
			if (text.charAt(i) == '\n') {
				line++;
			}
		}
		return line;
	}

}
