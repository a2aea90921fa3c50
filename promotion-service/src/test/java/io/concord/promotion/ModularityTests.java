package io.concord.promotion;

import io.concord.platform.test.FeatureTables;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		ApplicationModules.of(PromotionServiceApplication.class).verify();
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
			// Purging a test run deletes the coupons and claim counts of the run's
			// promotions, found by the run recorded on the promotion (a read only).
			.readBy("coupon", "promotion")
			.verify();
	}

}
