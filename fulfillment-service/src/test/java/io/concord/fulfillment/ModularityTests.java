package io.concord.fulfillment;

import java.nio.file.Path;

import io.concord.platform.test.FeatureTables;
import io.concord.platform.test.ModuleDiagrams;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(FulfillmentServiceApplication.class);

	/**
	 * No cycles, and each feature package uses only the packages its
	 * {@code package-info.java} allows (and only their public types).
	 */
	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		MODULES.verify();
	}

	/** Each table has one owning package, the only one that writes it. */
	@Test
	void eachTableIsWrittenOnlyByItsOwningPackage() {
		FeatureTables.of(FulfillmentServiceApplication.class)
			.owner("ordering", "customer_order", "order_line", "order_transition", "payment", "order_return",
					"sla_breach", "member_erasure", "price_protection_claim", "placement_step")
			.owner("cart", "cart")
			.owner("catalog", "product", "channel_price")
			.owner("connectors", "connector", "connector_sku", "connector_order", "connector_pull",
					"connector_after_sale", "connector_tracking", "connector_stock", "connector_price",
					"connector_sync")
			.owner("shipping", "carrier", "carrier_rate", "shipment", "carrier_event")
			.owner("supply", "supplier", "supplier_contract", "purchase_order", "purchase_order_line",
					"supplier_settlement")
			// A load-test run's parcels are purged through the run's orders (the only
			// mark a run leaves on them that the purge has always used).
			.readBy("shipping", "customer_order")
			.verify();
	}

	/**
	 * docs/ARCHITECTURE.md draws this service's feature packages and their dependencies
	 * as the code has them ({@code -Dconcord.docs.update=true} writes the diagram).
	 */
	@Test
	void theArchitectureDocumentDrawsTheseFeaturePackages() {
		ModuleDiagrams.assertDocumented(MODULES, Path.of("../docs/ARCHITECTURE.md"), "fulfillment-service");
	}

}
