package io.concord.fulfillment.cart;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** What purging a load-test run deletes of carts: the run's carts (ADR-25). */
@Configuration(proxyBeanMethods = false)
class CartTestRunData {

	@Bean
	@Order(6)
	static TestRunData.Steps cartsOfTestRuns() {
		return TestRunData.Steps.of(TestRunData.table("cart"));
	}

}
