package io.concord.platform.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Starts a bare application the way a service starts (the guard is registered through
 * {@code spring.factories}, like in every Concord application) with one development
 * shortcut at a time, outside and inside the local stack.
 */
@ExtendWith(OutputCaptureExtension.class)
class DevelopmentSettingsGuardTests {

	private static final String AUDIENCE = "--concord.security.staff.audience=concord-api";

	private static final String MEMBER_DEVELOPMENT_KEY = "ZGV2ZWxvcG1lbnQtb25seS1lbmNyeXB0aW9uLWtleSE=";

	@Test
	@DisplayName("M12: a secret carrying the local-dev-only marker refuses the start, naming the setting, not the value")
	void m12_aDevelopmentSecretRefusesToStartOutsideTheLocalStack(CapturedOutput output) {
		DevelopmentSettingsRefused refused = refused(Map.of(), AUDIENCE,
				"--spring.security.oauth2.client.registration.order-flow.client-secret=fulfillment-service-local-dev-only");
		assertThat(refused.findings()).singleElement()
			.asString()
			.startsWith("spring.security.oauth2.client.registration.order-flow.client-secret: a development secret");
		assertThat(refused.getMessage()).doesNotContain("fulfillment-service-local-dev-only");
		assertThat(output).contains("APPLICATION FAILED TO START",
				"Concord refuses to start with development settings outside the local stack (concord.environment=production",
				"order-flow.client-secret", "CONCORD_ENVIRONMENT=local");
	}

	@Test
	@DisplayName("M12: a secret from the environment (compose's .env.example values) is found under its variable name")
	void m12_aDevelopmentSecretFromTheEnvironmentRefusesToStart() {
		DevelopmentSettingsRefused refused = refused(
				Map.of("CONCORD_FULFILLMENT_SIMULATED_PAYMENT_SECRET", "simulated-provider-local-dev-only"), AUDIENCE);
		assertThat(refused.findings()).singleElement()
			.asString()
			.startsWith("CONCORD_FULFILLMENT_SIMULATED_PAYMENT_SECRET: a development secret");
	}

	@Test
	@DisplayName("M12: a value the service lists as a known development value (member-service's privacy keys) refuses the start")
	void m12_aKnownDevelopmentKeyRefusesToStart() {
		DevelopmentSettingsRefused refused = refused(Map.of(), AUDIENCE,
				"--concord.security.known-development-values=" + MEMBER_DEVELOPMENT_KEY + ",another-development-key",
				"--concord.member.privacy.encryption-key=" + MEMBER_DEVELOPMENT_KEY);
		assertThat(refused.findings()).containsExactly(
				"concord.member.privacy.encryption-key: a known development value (listed in concord.security.known-development-values)");
		assertThat(refused.getMessage()).doesNotContain(MEMBER_DEVELOPMENT_KEY);
	}

	@Test
	@DisplayName("M12: the development database password refuses the start")
	void m12_theDevelopmentDatabasePasswordRefusesToStart() {
		assertThat(refused(Map.of(), AUDIENCE, "--spring.datasource.password=concord").findings()).containsExactly(
				"spring.datasource.password (SPRING_DATASOURCE_PASSWORD): the development database password");
	}

	@Test
	@DisplayName("M12: dev tools switched on refuse the start, in property and in environment spelling")
	void m12_devToolsSwitchedOnRefuseToStart() {
		assertThat(refused(Map.of("CONCORD_MEMBER_DEV_TOOLS_ENABLED", "true"), AUDIENCE,
				"--concord.fulfillment.dev-tools.enabled=true")
			.findings()).containsExactly(
					"CONCORD_MEMBER_DEV_TOOLS_ENABLED: development tools are switched on (simulated partners, readable one-time codes)",
					"concord.fulfillment.dev-tools.enabled: development tools are switched on (simulated partners, readable one-time codes)");
		assertThat(start(Map.of("CONCORD_MEMBER_DEV_TOOLS_ENABLED", "false"), AUDIENCE,
				"--concord.fulfillment.dev-tools.enabled=false"))
			.isNotNull();
	}

	@Test
	@DisplayName("M3: a staff issuer without an audience refuses the start")
	void m3_aStaffIssuerWithoutAnAudienceRefusesToStart() {
		assertThat(refused(Map.of(), "--concord.security.staff.audience=").findings()).containsExactly(
				"concord.security.staff.audience (CONCORD_SECURITY_STAFF_AUDIENCE) is not set: a token the staff issuer gave any of its clients would be accepted");
	}

	@Test
	@DisplayName("M12: without concord.environment the application is production (fails closed); every finding is listed")
	void m12_anUnsetEnvironmentIsProductionAndEveryFindingIsListed() {
		DevelopmentSettingsRefused refused = refused(Map.of(), "--spring.datasource.password=concord",
				"--concord.member.dev-tools.enabled=true", "--some.secret=x-local-dev-only");
		assertThat(refused.environment()).isEqualTo("production");
		assertThat(refused.findings()).hasSize(4);
	}

	// The local stack (concord.environment=local) runs on every development shortcut.
	@Test
	void theLocalStackStartsWithDevelopmentSettings() {
		try (ConfigurableApplicationContext context = start(Map.of("CONCORD_MEMBER_DEV_TOOLS_ENABLED", "true"),
				"--concord.environment=local", "--spring.datasource.password=concord",
				"--some.secret=x-local-dev-only")) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void aProductionConfigurationStarts() {
		try (ConfigurableApplicationContext context = start(Map.of("SPRING_DATASOURCE_PASSWORD", "s3cr3t-from-vault"),
				AUDIENCE, "--concord.environment=production",
				"--concord.security.known-development-values=" + MEMBER_DEVELOPMENT_KEY,
				"--concord.member.privacy.encryption-key=c29tZXRoaW5nLXJlYWxseS1yYW5kb20taGVyZSE=")) {
			assertThat(context.isActive()).isTrue();
		}
	}

	@Test
	void theFailureReportNamesEachSettingAndWhatToDo() {
		FailureAnalysis analysis = new DevelopmentSettingsFailureAnalyzer().analyze(new IllegalStateException(
				new DevelopmentSettingsRefused("staging", List.of("a.b: one reason", "c.d: another"))));
		assertThat(analysis.getDescription()).contains("concord.environment=staging", "  - a.b: one reason",
				"  - c.d: another");
		assertThat(analysis.getAction()).contains("CONCORD_SECURITY_STAFF_AUDIENCE", "CONCORD_ENVIRONMENT=local");
	}

	private static DevelopmentSettingsRefused refused(Map<String, Object> environment, String... args) {
		return assertThatExceptionOfType(DevelopmentSettingsRefused.class).isThrownBy(() -> start(environment, args))
			.actual();
	}

	private static ConfigurableApplicationContext start(Map<String, Object> environment, String... args) {
		SpringApplication application = new SpringApplication(Bare.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		// Stands in for the process environment (docker compose, Kubernetes env).
		application.addInitializers((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("testEnvironment", environment)));
		List<String> arguments = new ArrayList<>(List.of(args));
		arguments.add("--spring.main.banner-mode=off");
		return application.run(arguments.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	static class Bare {

	}

}
