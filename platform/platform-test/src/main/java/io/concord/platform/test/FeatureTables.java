package io.concord.platform.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which feature package owns which table, checked against the SQL in the service's
 * source. Modulith sees imports; it cannot see a package that reaches into another
 * package's table through a SQL string. This check reads every string literal and text
 * block under the service's {@code src/main/java}, finds the tables each statement writes
 * ({@code insert into}, {@code update}, {@code delete from}, {@code merge into},
 * {@code truncate}) and reads ({@code from}, {@code join}), and fails when:
 * <ul>
 * <li>a table created by the service's migrations has no owner (a new table must be given
 * one);</li>
 * <li>a package writes a table it does not own;</li>
 * <li>a package reads a table it does not own, unless the read is declared with
 * {@link #readBy} (and then it should say why in the test).</li>
 * </ul>
 * Tables are the ones the service's own Flyway scripts create
 * ({@code src/main/resources/db/**}); platform tables (outbox, processed events,
 * idempotency keys) are the platform's and not checked here.
 */
public final class FeatureTables {

	private static final Pattern CREATE = Pattern
		.compile("(?i)create\\s+table\\s+(?:if\\s+not\\s+exists\\s+)?([a-z_][a-z0-9_]*)");

	private static final Pattern WRITE = Pattern.compile(
			"(?i)\\b(?:insert\\s+into|update|delete\\s+from|merge\\s+into|truncate(?:\\s+table)?)\\s+([a-z_][a-z0-9_]*)");

	private static final Pattern READ = Pattern.compile("(?i)\\b(?:from|join)\\s+([a-z_][a-z0-9_]*)");

	/**
	 * Text blocks, string literals, comments and char literals in one pass, so a "//" in
	 * a string is not a comment and a quote in a comment is not a string; only the first
	 * two groups (strings) are SQL.
	 */
	private static final Pattern TOKENS = Pattern.compile(
			"\"\"\"(.*?)\"\"\"|\"((?:[^\"\\\\\\n]|\\\\.)*)\"|/\\*.*?\\*/|//[^\\n]*|'(?:[^'\\\\]|\\\\.)+'",
			Pattern.DOTALL);

	/**
	 * A string is SQL when it has a statement's verb; prose such as "callbacks from
	 * payment providers" is not.
	 */
	private static final Pattern STATEMENT = Pattern.compile(
			"(?i)\\b(?:select|insert\\s+into|update\\s+[a-z_]+(?:\\s+(?:as\\s+)?[a-z_]+)?\\s+set|delete\\s+from|merge\\s+into|truncate)\\b");

	private final Path sources;

	private final Path migrations;

	private final String basePackage;

	private final Map<String, String> owners = new LinkedHashMap<>();

	private final Map<String, Set<String>> declaredReads = new LinkedHashMap<>();

	private FeatureTables(Path moduleDirectory, String basePackage) {
		this.basePackage = basePackage;
		this.sources = moduleDirectory.resolve("src/main/java").resolve(basePackage.replace('.', '/'));
		this.migrations = moduleDirectory.resolve("src/main/resources/db");
	}

	/**
	 * The service whose application class is given, read from the module the test runs in
	 * (Maven runs tests with the module as working directory).
	 */
	public static FeatureTables of(Class<?> applicationClass) {
		return of(Path.of(""), applicationClass.getPackageName());
	}

	/**
	 * The service in {@code moduleDirectory} with feature packages under
	 * {@code basePackage}.
	 */
	public static FeatureTables of(Path moduleDirectory, String basePackage) {
		return new FeatureTables(moduleDirectory.toAbsolutePath(), basePackage);
	}

	/**
	 * {@code featurePackage} (relative to the base package, e.g. "coupon") owns the
	 * tables.
	 */
	public FeatureTables owner(String featurePackage, String... tables) {
		for (String table : tables) {
			String previous = this.owners.put(table.toLowerCase(Locale.ROOT), featurePackage);
			if (previous != null && !previous.equals(featurePackage)) {
				throw new IllegalArgumentException(
						"Table " + table + " given two owners: " + previous + " and " + featurePackage);
			}
		}
		return this;
	}

	/**
	 * {@code featurePackage} may read {@code table} although it does not own it. Each use
	 * is a deliberate exception (a reporting query, say) and the calling test should say
	 * why; writes are never allowed across packages.
	 */
	public FeatureTables readBy(String featurePackage, String... tables) {
		for (String table : tables) {
			this.declaredReads.computeIfAbsent(table.toLowerCase(Locale.ROOT), t -> new TreeSet<>())
				.add(featurePackage);
		}
		return this;
	}

	/** Fails with every violation found, one per line. */
	public void verify() {
		List<String> violations = violations();
		if (!violations.isEmpty()) {
			throw new AssertionError(
					"Feature packages cross table boundaries:\n  - " + String.join("\n  - ", violations));
		}
	}

	/** The violations, empty when the boundaries hold. */
	public List<String> violations() {
		Set<String> tables = tables();
		if (tables.isEmpty()) {
			throw new IllegalStateException("No tables found in migrations under " + this.migrations);
		}
		List<String> violations = new ArrayList<>();
		for (String table : tables) {
			if (!this.owners.containsKey(table)) {
				violations.add("table " + table + " has no owning feature package");
			}
		}
		for (String owned : this.owners.keySet()) {
			if (!tables.contains(owned)) {
				violations.add("table " + owned + " is given an owner but no migration creates it");
			}
		}
		for (Path file : javaFiles()) {
			String featurePackage = featurePackageOf(file);
			String sql = stringsIn(read(file));
			String name = this.sources.relativize(file).toString();
			for (String table : matches(WRITE, sql, tables)) {
				String owner = this.owners.get(table);
				if (owner != null && !owner.equals(featurePackage)) {
					violations.add(name + " writes " + table + ", which " + owner + " owns");
				}
			}
			for (String table : matches(READ, sql, tables)) {
				String owner = this.owners.get(table);
				if (owner != null && !owner.equals(featurePackage)
						&& !this.declaredReads.getOrDefault(table, Set.of()).contains(featurePackage)) {
					violations.add(name + " reads " + table + ", which " + owner + " owns (read it through " + owner
							+ "'s API or events, or declare the read)");
				}
			}
		}
		return violations;
	}

	private Set<String> tables() {
		Set<String> tables = new TreeSet<>();
		if (!Files.isDirectory(this.migrations)) {
			return tables;
		}
		try (Stream<Path> files = Files.walk(this.migrations)) {
			files.filter(f -> f.toString().endsWith(".sql")).forEach(f -> {
				Matcher m = CREATE.matcher(read(f));
				while (m.find()) {
					tables.add(m.group(1).toLowerCase(Locale.ROOT));
				}
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return tables;
	}

	private List<Path> javaFiles() {
		try (Stream<Path> files = Files.walk(this.sources)) {
			return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The first package segment under the base package; "" for the base package itself.
	 */
	private String featurePackageOf(Path file) {
		Path relative = this.sources.relativize(file);
		return relative.getNameCount() > 1 ? relative.getName(0).toString() : "";
	}

	private static Set<String> matches(Pattern pattern, String sql, Set<String> tables) {
		Set<String> found = new LinkedHashSet<>();
		Matcher m = pattern.matcher(sql);
		while (m.find()) {
			String table = m.group(1).toLowerCase(Locale.ROOT);
			if (tables.contains(table)) {
				found.add(table);
			}
		}
		return found;
	}

	private static String stringsIn(String java) {
		StringBuilder sql = new StringBuilder();
		Matcher m = TOKENS.matcher(java);
		while (m.find()) {
			String literal = (m.group(1) != null) ? m.group(1) : m.group(2);
			if (literal != null && STATEMENT.matcher(literal).find()) {
				sql.append(literal).append('\n');
			}
		}
		return sql.toString();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
