package io.github.vwopush.aop;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import io.github.vwopush.VwoDimension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A class with a {@code @VwoDimension} method compiled without {@code -parameters}, as an
 * application built without Spring Boot's parent POM has: the test sources themselves are
 * compiled with parameter names.
 */
final class NoParameterNames {

	static final String CLASS = "io.github.vwopush.aop.nonames.Prices";

	private static final String SOURCE = """
			package io.github.vwopush.aop.nonames;

			import io.github.vwopush.VwoDimension;

			public class Prices {

				@VwoDimension(key = "plan", value = "#plan", userId = "'u'")
				@VwoDimension(key = "band", value = "#p0", userId = "'u'")
				public String quote(String plan) {
					return plan;
				}

			}
			""";

	private NoParameterNames() {
	}

	/** Compile the class without parameter names and load it, in a class loader of its own. */
	static Class<?> compile() throws Exception {
		Path directory = Files.createTempDirectory("vwo-no-parameter-names");
		Path source = directory.resolve("Prices.java");
		Files.writeString(source, SOURCE);
		String classPath = Path.of(VwoDimension.class.getProtectionDomain().getCodeSource().getLocation().toURI())
			.toString();
		JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
		int result = compiler.run(null, null, null, List
			.of("-proc:none", "-classpath", classPath, "-d", directory.toString(), source.toString())
			.toArray(String[]::new));
		assertThat(result).as("javac exit code").isZero();
		URLClassLoader loader = new URLClassLoader(new URL[] { directory.toUri().toURL() },
				NoParameterNames.class.getClassLoader());
		Class<?> compiled = loader.loadClass(CLASS);
		assertThat(compiled.getMethod("quote", String.class).getParameters()[0].isNamePresent()).isFalse();
		return compiled;
	}

}
