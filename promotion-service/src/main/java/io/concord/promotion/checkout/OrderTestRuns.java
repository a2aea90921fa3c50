package io.concord.promotion.checkout;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * What purging a test run deletes of orders' promotions (ADR-25), children first. Runs
 * first of the service's purge steps: these rows refer to coupons and promotions.
 */
@Configuration(proxyBeanMethods = false)
class OrderTestRuns {

	@Bean
	@Order(1)
	static TestRunData.Steps orderPromotionTestRunData() {
		String runOrders = "(select order_id from order_promotion where test_run = ?)";
		return TestRunData.Steps.of(
				new TestRunData("order_returned_units",
						"delete from order_returned_units where order_id in " + runOrders),
				new TestRunData("order_return", "delete from order_return where order_id in " + runOrders),
				new TestRunData("order_promotion_applied",
						"delete from order_promotion_applied where order_id in " + runOrders),
				TestRunData.table("order_promotion"));
	}

}
