package io.concord.platform.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context at the shared {@link TestInfrastructure}: the database
 * is named after the application ({@code member-service} -> {@code member_service}).
 * Registered through {@code META-INF/spring.factories}, so a service test needs no set-up
 * of its own; being a value object, it lets Spring reuse contexts across test classes.
 */
class InfrastructureContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new InfrastructureContextCustomizer();
	}

	static final class InfrastructureContextCustomizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			ConfigurableEnvironment environment = context.getEnvironment();
			if (!environment.getProperty("concord.test.infrastructure.enabled", Boolean.class, true)) {
				return;
			}
			TestInfrastructure infrastructure = TestInfrastructure.get();
			String database = environment.getProperty("spring.application.name", "concord").replace('-', '_');
			environment.getPropertySources()
				.addFirst(new MapPropertySource("concordTestInfrastructure",
						Map.of("spring.datasource.url", infrastructure.jdbcUrl(database), "spring.datasource.username",
								infrastructure.username(), "spring.datasource.password", infrastructure.password(),
								"spring.kafka.bootstrap-servers", infrastructure.kafkaBootstrapServers())));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof InfrastructureContextCustomizer;
		}

		@Override
		public int hashCode() {
			return InfrastructureContextCustomizer.class.hashCode();
		}

	}

}
