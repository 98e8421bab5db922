package io.github.vwopush.sample.sbom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CycloneDX SBOM that the build attaches to this line's starter (its {@code target/bom.json}, made at
 * {@code package}) against the README's table "What each artifact adds to your application": the SBOM may name no
 * dependency the table does not. Run by both samples, each for its own line's starter ({@code vwo.starter},
 * {@code vwo.starter.sbom}, set in the sample's Failsafe configuration).
 * <p>
 * A row's "brings" cell lists, in backquotes, what that artifact adds; the list ends at the first {@code (},
 * {@code ;} or {@code :}, after which the cell explains. In the SBOM's dependency graph, every one of our artifacts
 * ({@code io.github.vwopush}) must have a row, and each of its direct dependencies must be named in that row; the
 * starter's direct dependencies must be exactly its row. Everything else in the SBOM is reached only through those
 * named dependencies, that is what the application's Spring Boot line ships.
 */
class StarterSbomIT {

	private static final String GROUP = "io.github.vwopush";

	private static final Pattern NAME = Pattern.compile("`([^`]+)`");

	private static String starter;

	private static Map<String, Object> sbom;

	private static Map<String, Set<String>> table;

	@BeforeAll
	static void read() throws IOException {
		starter = System.getProperty("vwo.starter", "vwo-spring-boot-starter");
		Path file = Path.of(System.getProperty("vwo.starter.sbom", "../" + starter + "/target/bom.json"));
		if (!Files.isRegularFile(file) && !"true".equalsIgnoreCase(System.getenv("CI"))) {
			String reason = file + " is missing: the SBOM is made by the starter's 'package' in an online build "
					+ "(cyclonedx:makeBom skips itself with -o); with CI=true this test fails instead";
			System.out.println("[sbom] " + reason);
			Assumptions.abort(reason);
		}
		assertThat(file).as("the starter's SBOM, made by cyclonedx:makeBom at package (online builds only)")
			.isRegularFile();
		sbom = JsonParserFactory.getJsonParser().parseMap(compact(Files.readString(file, StandardCharsets.UTF_8)));
		table = readmeTable(Path.of(System.getProperty("vwo.readme", "../README.md")));
	}

	@Test
	void theSbomIsTheStartersAndListsWhatItShipsAsRequired() {
		Map<String, Object> component = map(map(sbom.get("metadata")).get("component"));
		assertThat(component.get("group")).isEqualTo(GROUP);
		assertThat(component.get("name")).isEqualTo(starter);
		assertThat(sbom.get("serialNumber")).as("a serial number derived from the content, not a random one")
			.isNotNull();
		List<Map<String, Object>> components = list(sbom.get("components"));
		assertThat(components).as("the starter ships its line's auto-configuration, the shared one and the engine")
			.extracting((c) -> c.get("group") + ":" + c.get("name"))
			.contains(GROUP + ":vwo-spring-boot-autoconfigure-common", GROUP + ":vwo-push-core");
		assertThat(components).as("everything the starter brings is needed at run time: nothing provided, optional or "
				+ "test-scoped is listed as shipped")
			.allSatisfy((c) -> assertThat(c.get("scope")).as(c.get("name").toString()).isEqualTo("required"));
	}

	@Test
	void theSbomNamesNoDependencyTheReadmeTableDoesNot() {
		Map<String, String> names = new LinkedHashMap<>();
		Map<String, String> groups = new LinkedHashMap<>();
		Map<String, Object> root = map(map(sbom.get("metadata")).get("component"));
		List<Map<String, Object>> components = new ArrayList<>(list(sbom.get("components")));
		components.add(root);
		for (Map<String, Object> component : components) {
			names.put((String) component.get("bom-ref"), (String) component.get("name"));
			groups.put((String) component.get("bom-ref"), (String) component.get("group"));
		}
		Set<String> ours = new TreeSet<>();
		List<Map<String, Object>> nodes = list(sbom.get("dependencies"));
		for (Map<String, Object> node : nodes) {
			String ref = (String) node.get("ref");
			if (!GROUP.equals(groups.get(ref))) {
				continue;
			}
			String artifact = names.get(ref);
			ours.add(artifact);
			assertThat(table).as("README's table has a row for %s, which the starter's SBOM lists", artifact)
				.containsKey(artifact);
			Set<String> dependsOn = new TreeSet<>();
			for (Object target : list(node.get("dependsOn"))) {
				dependsOn.add(names.get(target));
			}
			if (artifact.equals(starter)) {
				assertThat(dependsOn).as("what %s brings, by its SBOM and by README's table", artifact)
					.containsExactlyInAnyOrderElementsOf(table.get(artifact));
			}
			else {
				assertThat(table.get(artifact)).as("what %s brings, in README's table, against its SBOM", artifact)
					.containsAll(dependsOn);
			}
		}
		assertThat(ours).as("our artifacts in the starter's SBOM").contains(starter, "vwo-push-core");
	}

	/** Each row's artifacts (first cell) to what they bring (second cell, up to its first "(", ";" or ":"). */
	static Map<String, Set<String>> readmeTable(Path readme) throws IOException {
		List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
		int start = -1;
		for (int i = 0; i < lines.size(); i++) {
			if (lines.get(i).startsWith("What each artifact adds to your application")) {
				start = i;
				break;
			}
		}
		assertThat(start).as("README's 'What each artifact adds to your application'").isNotNegative();
		Map<String, Set<String>> rows = new LinkedHashMap<>();
		int i = start + 1;
		while (i < lines.size() && !lines.get(i).startsWith("|")) {
			i++;
		}
		for (i += 2; i < lines.size() && lines.get(i).startsWith("|"); i++) {
			String[] cells = lines.get(i).split("\\|");
			String brings = cells[2].split("[(;:]", 2)[0];
			Set<String> named = names(brings);
			for (String artifact : names(cells[1])) {
				rows.put(artifact, named);
			}
		}
		assertThat(rows).as("README's table rows").isNotEmpty();
		return rows;
	}

	/**
	 * The JSON without whitespace between tokens: Boot's fallback parser (used when the class path has no Jackson)
	 * takes a list element that starts with a newline for a string.
	 */
	private static String compact(String json) {
		StringBuilder out = new StringBuilder(json.length());
		boolean inString = false;
		for (int i = 0; i < json.length(); i++) {
			char c = json.charAt(i);
			if (inString) {
				out.append(c);
				if (c == '\\') {
					out.append(json.charAt(++i));
				}
				else if (c == '"') {
					inString = false;
				}
			}
			else if (!Character.isWhitespace(c)) {
				out.append(c);
				inString = (c == '"');
			}
		}
		return out.toString();
	}

	private static Set<String> names(String text) {
		Set<String> names = new LinkedHashSet<>();
		Matcher matcher = NAME.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> map(Object value) {
		return (Map<String, Object>) value;
	}

	@SuppressWarnings("unchecked")
	private static <T> List<T> list(Object value) {
		return (value != null) ? (List<T>) value : List.of();
	}

}
