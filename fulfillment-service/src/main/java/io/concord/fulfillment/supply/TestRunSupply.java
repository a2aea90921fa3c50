package io.concord.fulfillment.supply;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run deletes of supply's tables (ADR-25): the run's suppliers
 * with their contracts. A run never creates purchase orders (refused with
 * {@code test-run-purchase-order}), so there are none to purge.
 */
@Configuration(proxyBeanMethods = false)
class TestRunSupply {

	@Bean
	static TestRunData.Steps supplyTestRunData() {
		return TestRunData.Steps.of(TestRunData.children("supplier_contract", "supplier_id", "supplier", "supplier_id"),
				TestRunData.table("supplier"));
	}

}
