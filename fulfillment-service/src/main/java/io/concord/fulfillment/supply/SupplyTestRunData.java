package io.concord.fulfillment.supply;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * What purging a load-test run deletes of supply's tables (ADR-25): the run's suppliers
 * and their contracts. A run never creates purchase orders (refused with
 * {@code test-run-purchase-order}), so there are none to purge.
 */
@Configuration(proxyBeanMethods = false)
class SupplyTestRunData {

	@Bean
	@Order(3)
	static TestRunData.Steps suppliersOfTestRuns() {
		return TestRunData.Steps.of(new TestRunData("supplier_contract",
				"delete from supplier_contract where supplier_id in (select supplier_id from supplier "
						+ "where test_run = ?)"),
				TestRunData.table("supplier"));
	}

}
