package io.concord.platform.web;

import java.io.IOException;
import java.io.UncheckedIOException;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.core.io.support.ResourcePropertySource;

/**
 * Adds Concord's defaults (problem details on, open-in-view off, probes, Prometheus,
 * tracing, platform migrations) below everything a service or an operator configures.
 */
class PlatformDefaults implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		try {
			for (Resource resource : new PathMatchingResourcePatternResolver()
				.getResources("classpath*:META-INF/concord/*-defaults.properties")) {
				environment.getPropertySources()
					.addLast(new ResourcePropertySource("concordPlatformDefaults:" + resource.getFilename(), resource));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
