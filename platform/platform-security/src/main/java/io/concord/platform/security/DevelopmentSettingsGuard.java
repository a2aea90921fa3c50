package io.concord.platform.security;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Refuses to start an application outside the local stack while it runs on a development
 * shortcut: a secret carrying the {@value #MARKER} marker (every development secret in
 * this repository does), a value the application lists as a known development value
 * ({@value #KNOWN_VALUES}, e.g. member-service's public privacy keys), the development
 * database password, dev tools switched on, or a staff issuer without an audience.
 *
 * <p>
 * {@value #ENVIRONMENT} ({@code CONCORD_ENVIRONMENT}) is {@code local} on a developer's
 * machine and in tests; anything else, including nothing at all, is production, so a
 * forgotten setting fails closed. The check runs once the context is prepared (after the
 * test support and the command line have had their say) and before any bean exists:
 * nothing has connected anywhere when it refuses.
 */
class DevelopmentSettingsGuard implements ApplicationListener<ApplicationPreparedEvent> {

	static final String ENVIRONMENT = "concord.environment";

	static final String LOCAL = "local";

	static final String MARKER = "local-dev-only";

	static final String KNOWN_VALUES = "concord.security.known-development-values";

	static final String STAFF_AUDIENCE = "concord.security.staff.audience";

	static final String DATABASE_PASSWORD = "spring.datasource.password";

	static final String DEVELOPMENT_DATABASE_PASSWORD = "concord";

	// concord.<application>.dev-tools.enabled in any of its spellings
	// (CONCORD_MEMBER_DEV_TOOLS_ENABLED, concord.fulfillment.devtools.enabled, ...).
	private static final Pattern DEV_TOOLS = Pattern.compile("concord[a-z0-9]+devtoolsenabled");

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
		String name = environmentName(environment);
		if (LOCAL.equalsIgnoreCase(name)) {
			return;
		}
		List<String> findings = findings(environment);
		if (!findings.isEmpty()) {
			throw new DevelopmentSettingsRefused(name, findings);
		}
	}

	static String environmentName(ConfigurableEnvironment environment) {
		String name = environment.getProperty(ENVIRONMENT);
		return (name == null || name.isBlank()) ? "production" : name.strip();
	}

	/**
	 * What keeps the application from running in production, one line per setting; names
	 * only, never values.
	 */
	static List<String> findings(ConfigurableEnvironment environment) {
		Set<String> known = new LinkedHashSet<>(Binder.get(environment)
			.bind(KNOWN_VALUES, Bindable.setOf(String.class))
			.orElse(Set.of())
			.stream()
			.filter((value) -> !value.isBlank())
			.toList());
		String knownValuesKey = normalized(KNOWN_VALUES);
		// Sorted by name, so the message is the same on every start.
		TreeMap<String, String> byName = new TreeMap<>();
		for (String name : propertyNames(environment)) {
			String normalized = normalized(name);
			if (normalized.startsWith(knownValuesKey)) {
				continue;
			}
			String value = value(environment, name);
			if (value == null) {
				continue;
			}
			if (value.contains(MARKER)) {
				byName.put(name, "a development secret (it contains \"" + MARKER + "\")");
			}
			else if (known.contains(value.strip())) {
				byName.put(name, "a known development value (listed in " + KNOWN_VALUES + ")");
			}
			else if (DEV_TOOLS.matcher(normalized).matches() && Boolean.parseBoolean(value.strip())) {
				byName.put(name, "development tools are switched on (simulated partners, readable one-time codes)");
			}
		}
		List<String> findings = new ArrayList<>();
		byName.forEach((name, why) -> findings.add(name + ": " + why));
		if (DEVELOPMENT_DATABASE_PASSWORD.equals(environment.getProperty(DATABASE_PASSWORD))) {
			findings.add(DATABASE_PASSWORD + " (SPRING_DATASOURCE_PASSWORD): the development database password");
		}
		String audience = environment.getProperty(STAFF_AUDIENCE);
		if (audience == null || audience.isBlank()) {
			findings.add(STAFF_AUDIENCE + " (CONCORD_SECURITY_STAFF_AUDIENCE) is not set: a token the staff issuer "
					+ "gave any of its clients would be accepted");
		}
		return findings;
	}

	private static Set<String> propertyNames(ConfigurableEnvironment environment) {
		Set<String> names = new LinkedHashSet<>();
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				names.addAll(List.of(enumerable.getPropertyNames()));
			}
		}
		return names;
	}

	// The value the application will see (every source and placeholder applied); a value
	// whose placeholder cannot be resolved is checked as written.
	private static @Nullable String value(ConfigurableEnvironment environment, String name) {
		try {
			return environment.getProperty(name);
		}
		catch (IllegalArgumentException ex) {
			for (PropertySource<?> source : environment.getPropertySources()) {
				Object raw = source.getProperty(name);
				if (raw != null) {
					return String.valueOf(raw);
				}
			}
			return null;
		}
	}

	private static String normalized(String name) {
		return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}

}
