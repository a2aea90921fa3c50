package io.concord.fulfillment.shipping;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * What purging a load-test run deletes of shipping's tables (ADR-25): the parcels of the
 * run's orders and their carrier events. First, since a parcel references its order.
 */
@Configuration(proxyBeanMethods = false)
class TestRunShipping {

	// A parcel belongs to a run through its order: the one read of ordering's table here.
	private static final String ORDERS = "(select order_id from customer_order where test_run = ?)";

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	static TestRunData.Steps shippingTestRunData() {
		return TestRunData.Steps.of(
				new TestRunData("carrier_event",
						"delete from carrier_event where tracking_number in (select tracking_number from shipment "
								+ "where order_id in " + ORDERS + ")"),
				new TestRunData("shipment", "delete from shipment where order_id in " + ORDERS));
	}

}
