package io.github.vwopush.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Says which artifact the application's Spring Boot line needs.
 */
class UnsupportedSpringBootLineFailureAnalyzer extends AbstractFailureAnalyzer<UnsupportedSpringBootLineException> {

	private static final String GROUP = "io.github.vwopush:";

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootLineException cause) {
		SpringBootLine line = cause.getLine();
		SpringBootLine running = cause.getRunningLine();
		String action;
		if (running != null && running.isPresent(getClass().getClassLoader())) {
			action = "Remove " + GROUP + line.starter() + ": " + GROUP + running.starter()
					+ ", the same starter built for Spring Boot " + running.versions() + ", is already there.";
		}
		else if (running != null) {
			action = "Replace " + GROUP + line.starter() + " with " + GROUP + running.starter()
					+ ", the same starter built for Spring Boot " + running.versions() + ".";
		}
		else {
			action = "Run the application on Spring Boot " + line.versions() + ", or on another line with a starter: "
					+ supportedLines() + ".";
		}
		return new FailureAnalysis(GROUP + line.starter() + " is built for Spring Boot " + line.versions()
				+ ", but this application runs Spring Boot " + cause.getBootVersion() + ". Its auto-configuration uses "
				+ "Spring Boot " + line.versions() + "'s module layout and would fail to load.", action, cause);
	}

	private static String supportedLines() {
		StringBuilder lines = new StringBuilder();
		for (SpringBootLine line : SpringBootLine.values()) {
			lines.append((lines.length() > 0) ? ", " : "")
				.append("Spring Boot ")
				.append(line.versions())
				.append(" (")
				.append(GROUP)
				.append(line.starter())
				.append(')');
		}
		return lines.toString();
	}

}
