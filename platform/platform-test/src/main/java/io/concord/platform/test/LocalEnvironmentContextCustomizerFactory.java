package io.concord.platform.test;

import java.util.List;
import java.util.Map;

import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Every test context runs as the local stack ({@code concord.environment=local}): tests
 * use the development secrets and the test issuers, which production refuses at startup.
 * Lowest precedence, so a test may still say {@code concord.environment=production} to
 * exercise that refusal.
 */
class LocalEnvironmentContextCustomizerFactory implements ContextCustomizerFactory {

	@Override
	public ContextCustomizer createContextCustomizer(Class<?> testClass,
			List<ContextConfigurationAttributes> configAttributes) {
		return new LocalEnvironmentCustomizer();
	}

	static final class LocalEnvironmentCustomizer implements ContextCustomizer {

		@Override
		public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
			context.getEnvironment()
				.getPropertySources()
				.addLast(new MapPropertySource("concordLocalEnvironment", Map.of("concord.environment", "local")));
		}

		@Override
		public boolean equals(Object other) {
			return other instanceof LocalEnvironmentCustomizer;
		}

		@Override
		public int hashCode() {
			return LocalEnvironmentCustomizer.class.hashCode();
		}

	}

}
