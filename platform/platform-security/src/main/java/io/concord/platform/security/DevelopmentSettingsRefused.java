package io.concord.platform.security;

import java.util.List;

/**
 * The application was started outside the local stack with development settings; the
 * message names each one (never its value).
 */
class DevelopmentSettingsRefused extends IllegalStateException {

	private final String environment;

	private final List<String> findings;

	DevelopmentSettingsRefused(String environment, List<String> findings) {
		super("Refusing to start with development settings outside the local stack (concord.environment=" + environment
				+ "): " + String.join("; ", findings));
		this.environment = environment;
		this.findings = List.copyOf(findings);
	}

	String environment() {
		return this.environment;
	}

	List<String> findings() {
		return this.findings;
	}

}
