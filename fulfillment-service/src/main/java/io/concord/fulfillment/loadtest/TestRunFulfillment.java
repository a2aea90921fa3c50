package io.concord.fulfillment.loadtest;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run deletes of ordering's, catalog's and cart's tables,
 * children before parents: the run's orders with what hangs off them (SLA breaches,
 * returns, transitions, lines, payments), then its products, the erasures of its members
 * and their carts. Shipping (parcels, carrier events; before these) and supply
 * (suppliers) purge their own tables.
 */
@Configuration(proxyBeanMethods = false)
class TestRunFulfillment {

	private static final String ORDERS = "(select order_id from customer_order where test_run = ?)";

	@Bean
	static TestRunData.Steps fulfillmentTestRunData() {
		return TestRunData.Steps.of(orderOwned("sla_breach"), orderOwned("order_return"),
				orderOwned("order_transition"), orderOwned("order_line"), orderOwned("payment"),
				TestRunData.table("customer_order"), TestRunData.table("product"), TestRunData.table("member_erasure"),
				TestRunData.table("cart"));
	}

	private static TestRunData orderOwned(String table) {
		return new TestRunData(table, "delete from " + table + " where order_id in " + ORDERS);
	}

}
