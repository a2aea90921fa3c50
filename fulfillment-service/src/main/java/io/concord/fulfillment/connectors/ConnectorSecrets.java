package io.concord.fulfillment.connectors;

import java.util.Map;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The secrets connectors refer to, by name: a connector stores only the reference
 * ({@code apiSecretRef}, {@code webhookSecretRef}); the value comes from the deployment
 * ({@code concord.fulfillment.connectors.secrets.<ref>}, in Kubernetes an environment
 * variable from a Secret), so credentials never sit in the database or an API answer.
 */
@ConfigurationProperties("concord.fulfillment.connectors")
record ConnectorSecrets(@Nullable Map<String, String> secrets) {

	ConnectorSecrets {
		secrets = (secrets != null) ? Map.copyOf(secrets) : Map.of();
	}

	boolean has(String ref) {
		String value = this.secrets.get(ref);
		return value != null && !value.isBlank();
	}

	/** The secret's value; 422 {@code unknown-secret} when the deployment has none. */
	String value(String ref) {
		if (!has(ref)) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("unknown-secret"), "Unknown secret",
					"No secret named " + ref + " is configured (concord.fulfillment.connectors.secrets." + ref + ")")
				.with("secretRef", ref);
		}
		return this.secrets.get(ref);
	}

}
