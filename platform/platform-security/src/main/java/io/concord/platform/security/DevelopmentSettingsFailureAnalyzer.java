package io.concord.platform.security;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns {@link DevelopmentSettingsRefused} into Boot's "APPLICATION FAILED TO START"
 * report: one paragraph naming every setting, and what to do.
 */
class DevelopmentSettingsFailureAnalyzer extends AbstractFailureAnalyzer<DevelopmentSettingsRefused> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DevelopmentSettingsRefused cause) {
		StringBuilder description = new StringBuilder("Concord refuses to start with development settings outside the "
				+ "local stack (concord.environment=" + cause.environment() + "; only 'local' allows them):");
		cause.findings()
			.forEach((finding) -> description.append(System.lineSeparator()).append("  - ").append(finding));
		return new FailureAnalysis(description.toString(),
				"Set every secret and key from the secret store (docs/operations.md), the staff issuer's audience "
						+ "(CONCORD_SECURITY_STAFF_AUDIENCE) and dev tools off. On a developer machine only, set "
						+ "CONCORD_ENVIRONMENT=local.",
				cause);
	}

}
