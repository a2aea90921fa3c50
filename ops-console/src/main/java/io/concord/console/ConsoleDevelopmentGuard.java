package io.concord.console;

import org.springframework.boot.context.event.ApplicationPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Refuses to start the console outside the local stack with the development client secret
 * (every development secret in this repository carries {@value #MARKER}): whoever knows
 * the repository would know the secret the console signs in with. Like the services'
 * guard, {@code CONCORD_ENVIRONMENT=local} marks the local stack and tests; anything
 * else, including nothing, is production, so a forgotten secret fails closed.
 */
class ConsoleDevelopmentGuard implements ApplicationListener<ApplicationPreparedEvent> {

	static final String MARKER = "local-dev-only";

	static final String SECRET = "concord.console.staff.client-secret";

	@Override
	public void onApplicationEvent(ApplicationPreparedEvent event) {
		ConfigurableEnvironment environment = event.getApplicationContext().getEnvironment();
		String name = environment.getProperty("concord.environment", "");
		if ("local".equalsIgnoreCase(name.strip())) {
			return;
		}
		String secret = environment.getProperty(SECRET, "");
		if (secret.contains(MARKER)) {
			throw new IllegalStateException("The ops console refuses to start in "
					+ (name.isBlank() ? "production" : name) + " with the development client secret (" + SECRET
					+ " contains \"" + MARKER + "\"): set CONCORD_CONSOLE_STAFF_CLIENT_SECRET to the console's secret "
					+ "at the staff issuer (Kubernetes: Secret ops-console-secrets, key client-secret), "
					+ "or CONCORD_ENVIRONMENT=local on a developer's machine.");
		}
	}

}
