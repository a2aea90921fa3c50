package io.concord.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both languages say everything: each bundle (the shared {@code messages} and one per
 * screen under {@code i18n/}) has the same keys in English and Chinese, every bundle is
 * one the console loads, every key a template or the code uses is in them, and the labels
 * built from API values (order and plan statuses, roles) exist for every value.
 */
class MessageBundlesTests {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Path SOURCES = Path.of("src/main/java");

	// #{key} and #{key(args)} in templates; the dynamic ones (#{'status.' + ...}) are
	// checked through their values below.
	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)");

	private static final Path RESOURCES = Path.of("src/main/resources");

	@Test
	void englishAndChineseHaveTheSameKeysInEveryBundle() {
		assertThat(basenames()).contains("messages", "i18n/orders");
		for (String basename : basenames()) {
			assertThat(bundle(basename + "_zh_CN.properties").stringPropertyNames()).as(basename)
				.containsExactlyInAnyOrderElementsOf(bundle(basename + ".properties").stringPropertyNames());
		}
	}

	@Test
	void everyBundleOnDiskIsLoadedAndNoKeyIsInTwoBundles() throws IOException {
		Set<String> onDisk = new TreeSet<>();
		try (Stream<Path> files = Files.walk(RESOURCES)) {
			files.map((path) -> RESOURCES.relativize(path).toString().replace('\\', '/'))
				.filter((name) -> name.endsWith(".properties") && !name.startsWith("application"))
				.map((name) -> name.replaceFirst("(_zh_CN)?\\.properties$", ""))
				.forEach(onDisk::add);
		}
		assertThat(basenames()).containsExactlyInAnyOrderElementsOf(onDisk);
		Set<String> seen = new TreeSet<>();
		for (String basename : basenames()) {
			for (String key : bundle(basename + ".properties").stringPropertyNames()) {
				assertThat(seen.add(key)).as("%s is in two bundles (again in %s)", key, basename).isTrue();
			}
		}
	}

	@Test
	void everyKeyTheTemplatesAndTheCodeUseIsInBothLanguages() throws IOException {
		Set<String> english = keys("");
		Set<String> chinese = keys("_zh_CN");
		// String literals in the code that name a key of one of the bundles' groups (the
		// part before the first dot).
		Set<String> groups = new TreeSet<>();
		english.forEach((key) -> groups.add(key.substring(0, key.indexOf('.') < 0 ? key.length() : key.indexOf('.'))));
		Pattern codeKey = Pattern.compile("\"((?:" + String.join("|", groups) + ")\\.[A-Za-z0-9_.-]+)\"");
		Set<String> used = new TreeSet<>();
		try (Stream<Path> templates = Files.walk(TEMPLATES)) {
			for (Path template : templates.filter((path) -> path.toString().endsWith(".html")).toList()) {
				collect(Files.readString(template), TEMPLATE_KEY, used);
			}
		}
		try (Stream<Path> sources = Files.walk(SOURCES)) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				collect(Files.readString(source), codeKey, used);
			}
		}
		assertThat(used).contains("board.title", "allocation.approved", "failure.forbidden", "nav.orders");
		assertThat(english).as("English").containsAll(used);
		assertThat(chinese).as("Chinese").containsAll(used);
	}

	@Test
	void everyStatusAndRoleTheApiNamesHasALabel() {
		Set<String> keys = keys("_zh_CN");
		io.concord.console.board.BoardView.ORDER_STATES
			.forEach((status) -> assertThat(keys).contains("status." + status));
		Stream.of("PROPOSED", "APPROVED", "REJECTED")
			.forEach((status) -> assertThat(keys).contains("planStatus." + status));
		StaffRoles.HIERARCHY.forEach((role) -> assertThat(keys).contains("role." + role));
		assertThat(keys).contains("role.none");
	}

	@Test
	void aMissingKeyIsFound() {
		Set<String> used = new TreeSet<>();
		collect("<p th:text=\"#{board.nowhere}\"></p>", TEMPLATE_KEY, used);
		assertThat(keys("")).doesNotContainAnyElementsOf(used);
	}

	private static void collect(String text, Pattern pattern, Set<String> into) {
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			into.add(matcher.group(1));
		}
	}

	/** The bundles the console loads ({@code spring.messages.basename}). */
	private static List<String> basenames() {
		try {
			for (String line : Files.readAllLines(RESOURCES.resolve("application.yml"))) {
				if (line.strip().startsWith("basename:")) {
					return List.of(line.strip().substring("basename:".length()).strip().split("\\s*,\\s*"));
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		throw new AssertionError("no spring.messages.basename in application.yml");
	}

	/** Every key of every bundle in one language ({@code ""} or {@code "_zh_CN"}). */
	private static Set<String> keys(String language) {
		Set<String> keys = new TreeSet<>();
		basenames()
			.forEach((basename) -> keys.addAll(bundle(basename + language + ".properties").stringPropertyNames()));
		return keys;
	}

	private static Properties bundle(String name) {
		Properties properties = new Properties();
		try (InputStream in = MessageBundlesTests.class.getResourceAsStream("/" + name)) {
			assertThat(in).as(name).isNotNull();
			properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return properties;
	}

}
