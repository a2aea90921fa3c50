package io.concord.platform.web.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

import io.swagger.v3.oas.models.OpenAPI;
import org.jspecify.annotations.Nullable;
import org.springdoc.core.customizers.GlobalOpenApiCustomizer;
import org.springdoc.core.customizers.GlobalOperationCustomizer;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.security.web.access.WebInvocationPrivilegeEvaluator;

/**
 * Every servlet service's OpenAPI documents get the same conventions: the service's
 * information, the gateway as the only server, the member and staff token schemes with
 * each operation's requirement derived from the service's own access rules, the shared
 * {@code Problem} schema with every problem answer an operation can give, and the headers
 * Concord's web conventions use.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(OpenAPI.class)
@EnableConfigurationProperties(OpenApiProperties.class)
public class OpenApiAutoConfiguration {

	@Bean
	GlobalOpenApiCustomizer concordServiceDocument(OpenApiProperties properties, Environment environment,
			ObjectProvider<BuildProperties> build, ApplicationContext context) {
		String application = environment.getProperty("spring.application.name", "service");
		return new ServiceDocument(properties, application, version(properties, build.getIfAvailable(), context));
	}

	@Bean
	io.swagger.v3.core.converter.ModelConverter concordRecordRequiredFields() {
		return new RecordRequiredFields();
	}

	@Bean
	GlobalOperationCustomizer concordProblemAnswers() {
		return new ProblemAnswers();
	}

	// Spring Security's own evaluator of the request rules: what each operation needs is
	// read from the rules the service enforces, never restated.
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(WebInvocationPrivilegeEvaluator.class)
	static class AccessDocumentation {

		@Bean
		GlobalOpenApiCustomizer concordOperationAccess(ObjectProvider<WebInvocationPrivilegeEvaluator> evaluator) {
			return new OperationAccess(evaluator);
		}

	}

	static String version(OpenApiProperties properties, @Nullable BuildProperties build, ApplicationContext context) {
		if (properties.version() != null && !properties.version().isBlank()) {
			return properties.version();
		}
		if (build != null && build.getVersion() != null) {
			return build.getVersion();
		}
		String implementation = implementationVersion(context);
		return (implementation != null) ? implementation : projectVersion();
	}

	private static @Nullable String implementationVersion(ApplicationContext context) {
		for (Object application : context
			.getBeansWithAnnotation(org.springframework.boot.autoconfigure.SpringBootApplication.class)
			.values()) {
			String version = org.springframework.util.ClassUtils.getUserClass(application)
				.getPackage()
				.getImplementationVersion();
			if (version != null) {
				return version;
			}
		}
		return null;
	}

	// Written at build time from the platform's Maven project version, which every
	// service shares.
	private static String projectVersion() {
		try (InputStream in = OpenApiAutoConfiguration.class
			.getResourceAsStream("/META-INF/concord/platform-version.properties")) {
			Properties version = new Properties();
			if (in != null) {
				version.load(in);
			}
			return version.getProperty("version", "0.0.0");
		}
		catch (IOException ex) {
			return "0.0.0";
		}
	}

}
