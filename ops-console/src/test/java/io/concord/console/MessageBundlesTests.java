package io.concord.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Both languages say everything: the English and the Chinese bundle have the same keys,
 * every key a template or the code uses is in them, and the labels built from API values
 * (order and plan statuses, roles) exist for every value.
 */
class MessageBundlesTests {

	private static final Path TEMPLATES = Path.of("src/main/resources/templates");

	private static final Path SOURCES = Path.of("src/main/java");

	// #{key} and #{key(args)} in templates; the dynamic ones (#{'status.' + ...}) are
	// checked through their values below.
	private static final Pattern TEMPLATE_KEY = Pattern.compile("#\\{([A-Za-z0-9_.-]+)");

	// String literals in the code that name a key of one of the bundle's groups.
	private static final Pattern CODE_KEY = Pattern.compile(
			"\"((?:app|nav|lang|role|board|order|status|allocation|planStatus|failure|signedOut|error)\\.[A-Za-z0-9_.-]+)\"");

	@Test
	void englishAndChineseHaveTheSameKeys() {
		assertThat(bundle("messages_zh_CN.properties").stringPropertyNames())
			.containsExactlyInAnyOrderElementsOf(bundle("messages.properties").stringPropertyNames());
	}

	@Test
	void everyKeyTheTemplatesAndTheCodeUseIsInBothBundles() throws IOException {
		Set<String> used = new TreeSet<>();
		try (Stream<Path> templates = Files.walk(TEMPLATES)) {
			for (Path template : templates.filter((path) -> path.toString().endsWith(".html")).toList()) {
				collect(Files.readString(template), TEMPLATE_KEY, used);
			}
		}
		try (Stream<Path> sources = Files.walk(SOURCES)) {
			for (Path source : sources.filter((path) -> path.toString().endsWith(".java")).toList()) {
				collect(Files.readString(source), CODE_KEY, used);
			}
		}
		assertThat(used).contains("board.title", "allocation.approved", "failure.forbidden");
		for (String name : new String[] { "messages.properties", "messages_zh_CN.properties" }) {
			assertThat(bundle(name).stringPropertyNames()).as(name).containsAll(used);
		}
	}

	@Test
	void everyStatusAndRoleTheApiNamesHasALabel() {
		Set<String> keys = bundle("messages_zh_CN.properties").stringPropertyNames();
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
		assertThat(bundle("messages.properties").stringPropertyNames()).doesNotContainAnyElementsOf(used);
	}

	private static void collect(String text, Pattern pattern, Set<String> into) {
		Matcher matcher = pattern.matcher(text);
		while (matcher.find()) {
			into.add(matcher.group(1));
		}
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
