package io.concord.fulfillment.shipping;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * What purging a load-test run deletes of shipping's tables (ADR-25): the carrier events
 * and parcels of the run's orders, before ordering deletes the orders (order 1 of the
 * service's purge groups).
 */
@Configuration(proxyBeanMethods = false)
class ShippingTestRunData {

	// A run's parcels are found through its orders (a declared read of customer_order).
	private static final String PARCELS = "(select order_id from customer_order where test_run = ?)";

	@Bean
	@Order(1)
	static TestRunData.Steps parcelsOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("carrier_event",
						"delete from carrier_event where tracking_number in (select tracking_number from shipment "
								+ "where order_id in " + PARCELS + ")"),
				new TestRunData("shipment", "delete from shipment where order_id in " + PARCELS));
	}

}
