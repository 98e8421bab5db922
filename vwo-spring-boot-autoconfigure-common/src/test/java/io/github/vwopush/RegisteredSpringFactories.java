package io.github.vwopush;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Collections;

/**
 * Every {@code META-INF/spring.factories} on the class path, as Boot reads them: the shared
 * auto-configuration and each line's module have one each.
 */
public final class RegisteredSpringFactories {

	private RegisteredSpringFactories() {
	}

	/** The text of all of them, one after another. */
	public static String all() {
		StringBuilder text = new StringBuilder();
		try {
			for (URL url : Collections.list(RegisteredSpringFactories.class.getClassLoader()
				.getResources("META-INF/spring.factories"))) {
				try (InputStream in = url.openStream()) {
					text.append(new String(in.readAllBytes(), StandardCharsets.UTF_8)).append('\n');
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return text.toString();
	}

}
