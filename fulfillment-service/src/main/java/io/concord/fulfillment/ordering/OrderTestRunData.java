package io.concord.fulfillment.ordering;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * What purging a load-test run deletes of ordering's tables (ADR-25): the run's orders
 * with everything hanging off them (price protection claims, SLA breaches, returns,
 * transitions, placement steps, lines, payments), and the erasures of its members. Each
 * feature package purges its own tables; the {@link Order} of the step groups puts
 * children before parents across packages: shipping's parcels (1) before these orders
 * (2), then supply (3), catalog (4), these erasures (5) and carts (6).
 */
@Configuration(proxyBeanMethods = false)
class OrderTestRunData {

	private static final String ORDERS = "(select order_id from customer_order where test_run = ?)";

	@Bean
	@Order(2)
	static TestRunData.Steps ordersOfTestRuns() {
		return TestRunData.Steps.of(orderOwned("price_protection_claim"), orderOwned("sla_breach"),
				orderOwned("order_return"), orderOwned("order_transition"), orderOwned("placement_step"),
				orderOwned("order_line"), orderOwned("payment"), TestRunData.table("customer_order"));
	}

	@Bean
	@Order(5)
	static TestRunData.Steps erasuresOfTestRuns() {
		return TestRunData.Steps.of(TestRunData.table("member_erasure"));
	}

	private static TestRunData orderOwned(String table) {
		return new TestRunData(table, "delete from " + table + " where order_id in " + ORDERS);
	}

}
