package io.concord.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

import org.springframework.modulith.core.ApplicationModule;
import org.springframework.modulith.core.ApplicationModules;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The diagram of a service's feature packages and the dependencies between them, as the
 * code has them (Modulith's {@code verify()} holds those to each package's declared
 * {@code allowedDependencies}), kept in docs/ARCHITECTURE.md between
 * {@code <!-- modules:<service> -->} and {@code <!-- /modules:<service> -->}. The
 * document cannot drift: a package or dependency added without the diagram fails the
 * service's {@code ModularityTests}; {@code -Dconcord.docs.update=true} writes the new
 * diagram.
 */
public final class ModuleDiagrams {

	/** The system property that writes the diagram instead of checking it. */
	public static final String UPDATE_PROPERTY = "concord.docs.update";

	private ModuleDiagrams() {
	}

	/** A Mermaid flowchart: one node per feature package, one arrow per dependency. */
	public static String mermaid(ApplicationModules modules) {
		List<ApplicationModule> sorted = modules.stream()
			.sorted(Comparator.comparing(ApplicationModule::getName))
			.toList();
		StringBuilder diagram = new StringBuilder("```mermaid\nflowchart TD\n");
		for (ApplicationModule module : sorted) {
			String dependencies = module.getDirectDependencies(modules)
				.uniqueModules()
				.map(ApplicationModule::getName)
				.filter((name) -> !name.equals(module.getName()))
				.sorted()
				.distinct()
				.collect(Collectors.joining(" & "));
			diagram.append("  ").append(module.getName());
			if (!dependencies.isEmpty()) {
				diagram.append(" --> ").append(dependencies);
			}
			diagram.append('\n');
		}
		return diagram.append("```\n").toString();
	}

	/**
	 * The block for {@code service} in {@code document} is the diagram of
	 * {@code modules}; with the update property set, it is written there instead.
	 */
	public static void assertDocumented(ApplicationModules modules, Path document, String service) {
		String start = "<!-- modules:" + service + " -->\n";
		String end = "<!-- /modules:" + service + " -->";
		String text = read(document);
		int from = text.indexOf(start);
		int to = text.indexOf(end);
		assertThat(from).as(document + " has a block " + start.strip() + " ... " + end).isNotNegative();
		assertThat(to).as(document + " closes the block with " + end).isGreaterThan(from);
		String expected = mermaid(modules);
		String documented = text.substring(from + start.length(), to);
		if (Boolean.getBoolean(UPDATE_PROPERTY)) {
			write(document, text.substring(0, from + start.length()) + expected + text.substring(to));
			return;
		}
		assertThat(documented)
			.as("the feature packages of " + service + " in " + document + " (run the test with -D" + UPDATE_PROPERTY
					+ "=true to write them)")
			.isEqualTo(expected);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void write(Path file, String text) {
		try {
			Files.writeString(file, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
