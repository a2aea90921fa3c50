package io.concord.fulfillment.catalog;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** What purging a load-test run deletes of the catalogue: the run's products (ADR-25). */
@Configuration(proxyBeanMethods = false)
class CatalogTestRunData {

	@Bean
	@Order(4)
	static TestRunData.Steps productsOfTestRuns() {
		return TestRunData.Steps.of(TestRunData.table("product"));
	}

}
