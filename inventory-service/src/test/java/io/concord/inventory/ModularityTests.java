package io.concord.inventory;

import java.nio.file.Path;

import io.concord.platform.test.FeatureTables;
import io.concord.platform.test.ModuleDiagrams;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(InventoryServiceApplication.class);

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		MODULES.verify();
	}

	@Test
	void eachTableIsWrittenOnlyByItsFeaturePackage() {
		FeatureTables.of(InventoryServiceApplication.class)
			.owner("catalog", "sku", "location", "region", "sales_channel", "channel_location")
			.owner("stock", "stock_level", "stock_movement", "stock_transfer")
			.owner("reservation", "reservation", "reservation_line", "reservation_fence", "ring_fence", "campaign",
					"availability_signal", "stock_out_period")
			.owner("demand", "daily_demand", "demand_order", "demand_forecast", "demand_forecast_day", "forecast_run",
					"forecast_model", "price_history", "planned_price")
			.owner("replenishment", "replenishment_policy", "replenishment_suggestion", "incoming_supply",
					"supplier_contract_terms")
			.owner("allocation", "allocation_plan", "allocation_plan_target", "allocation_plan_transfer",
					"allocation_plan_fence")
			// Purging a test run selects its SKUs in each owner's delete statements,
			// which run in one transaction, children first.
			.readBy("stock", "sku")
			.readBy("replenishment", "sku")
			// The availability announcement, once per SKU per batch on the peak path: one
			// query joins each SKU's reorder point and test run with its stock totals.
			.readBy("reservation", "sku", "stock_level")
			// Set-based reads of the nightly forecast run: which series to forecast
			// (stocked,
			// neither dropship nor a load test's) and which forecasts are real.
			.readBy("demand", "sku", "location", "stock_level")
			.verify();
	}

	/**
	 * docs/ARCHITECTURE.md draws this service's feature packages and their dependencies
	 * as the code has them ({@code -Dconcord.docs.update=true} writes the diagram).
	 */
	@Test
	void theArchitectureDocumentDrawsTheseFeaturePackages() {
		ModuleDiagrams.assertDocumented(MODULES, Path.of("../docs/ARCHITECTURE.md"), "inventory-service");
	}

}
