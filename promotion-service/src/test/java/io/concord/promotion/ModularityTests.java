package io.concord.promotion;

import java.nio.file.Path;

import io.concord.platform.test.FeatureTables;
import io.concord.platform.test.ModuleDiagrams;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(PromotionServiceApplication.class);

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		MODULES.verify();
	}

	@Test
	void eachTableIsWrittenOnlyByItsFeaturePackage() {
		FeatureTables.of(PromotionServiceApplication.class)
			.owner("audience", "audience_member", "audience_erased")
			.owner("campaign", "campaign", "promotion")
			.owner("coupon", "coupon", "member_claim")
			.owner("checkout", "order_promotion", "order_promotion_applied", "order_return", "order_returned_units")
			.owner("tiers", "tier_benefit")
			.owner("targeting", "targeted_issuance")
			.owner("competitors", "competitor_source", "competitor_sku_mapping", "competitor_observation",
					"competitor_alert")
			.owner("repricing", "repricing_rule", "repricing_cost", "repricing_plan", "repricing_guarantee",
					"repricing_kill_switch", "repricing_stock", "repricing_demand", "repricing_decision")
			.owner("prices", "price_entry", "price_group", "price_group_sku", "price_rule", "price_override",
					"price_violation")
			// Purging a test run deletes the coupons and claim counts of the run's
			// promotions, found by the run recorded on the promotion (a read only).
			.readBy("coupon", "promotion")
			.verify();
	}

	/**
	 * docs/ARCHITECTURE.md draws this service's feature packages and their dependencies
	 * as the code has them ({@code -Dconcord.docs.update=true} writes the diagram).
	 */
	@Test
	void theArchitectureDocumentDrawsTheseFeaturePackages() {
		ModuleDiagrams.assertDocumented(MODULES, Path.of("../docs/ARCHITECTURE.md"), "promotion-service");
	}

}
