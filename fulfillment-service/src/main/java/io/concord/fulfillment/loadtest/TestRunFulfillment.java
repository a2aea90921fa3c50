package io.concord.fulfillment.loadtest;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run deletes in fulfillment-service, children before parents:
 * the run's orders with everything hanging off them (carrier events of their parcels,
 * parcels, SLA breaches, returns, transitions, lines, payments), then its products,
 * suppliers, the erasures of its members and their carts. A run never creates purchase
 * orders (refused with {@code test-run-purchase-order}), so there are none to purge.
 */
@Configuration(proxyBeanMethods = false)
class TestRunFulfillment {

	private static final String ORDERS = "(select order_id from customer_order where test_run = ?)";

	@Bean
	static TestRunData.Steps fulfillmentTestRunData() {
		return TestRunData.Steps.of(
				new TestRunData("carrier_event",
						"delete from carrier_event where tracking_number in (select tracking_number from shipment "
								+ "where order_id in " + ORDERS + ")"),
				orderOwned("shipment"), orderOwned("sla_breach"), orderOwned("order_return"),
				orderOwned("order_transition"), orderOwned("order_line"), orderOwned("payment"),
				TestRunData.table("customer_order"),
				new TestRunData("supplier_contract",
						"delete from supplier_contract where supplier_id in (select supplier_id from supplier "
								+ "where test_run = ?)"),
				TestRunData.table("supplier"), TestRunData.table("product"), TestRunData.table("member_erasure"),
				TestRunData.table("cart"));
	}

	private static TestRunData orderOwned(String table) {
		return new TestRunData(table, "delete from " + table + " where order_id in " + ORDERS);
	}

}
