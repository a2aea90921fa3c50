package io.concord.console;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Outside the local stack the console does not start with the development client secret
 * the repository carries; with a real secret, or on the local stack, it does.
 */
class ConsoleDevelopmentGuardTests {

	@Test
	void productionWithTheDevelopmentSecretIsRefused() {
		assertThatThrownBy(() -> start(Map.of("concord.environment", "production")))
			.isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("refuses to start in production")
			.hasMessageContaining("CONCORD_CONSOLE_STAFF_CLIENT_SECRET")
			.hasMessageNotContaining("ops-console-local-dev-only");
		assertThatThrownBy(() -> start(Map.of("concord.environment", ""))).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("refuses to start in production");
	}

	@Test
	void aRealSecretOrTheLocalStackStarts() {
		try (ConfigurableApplicationContext context = start(Map.of("concord.environment", "production",
				ConsoleDevelopmentGuard.SECRET, "a-secret-from-the-identity-provider"))) {
			assertThat(context.isActive()).isTrue();
		}
		try (ConfigurableApplicationContext context = start(Map.of("concord.environment", "local"))) {
			assertThat(context.isActive()).isTrue();
		}
	}

	private static ConfigurableApplicationContext start(Map<String, Object> properties) {
		SpringApplication application = new SpringApplication(OpsConsoleApplication.class);
		application.setDefaultProperties(properties);
		// Command-line style arguments win over the test resources'
		// concord.environment=local.
		String[] arguments = java.util.stream.Stream
			.concat(properties.entrySet().stream().map((entry) -> "--" + entry.getKey() + "=" + entry.getValue()),
					java.util.stream.Stream.of("--server.port=0"))
			.toArray(String[]::new);
		return application.run(arguments);
	}

}
