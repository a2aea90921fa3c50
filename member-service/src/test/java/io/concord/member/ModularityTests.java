package io.concord.member;

import java.nio.file.Path;

import io.concord.platform.test.FeatureTables;
import io.concord.platform.test.ModuleDiagrams;
import org.junit.jupiter.api.Test;

import org.springframework.modulith.core.ApplicationModules;

class ModularityTests {

	private static final ApplicationModules MODULES = ApplicationModules.of(MemberServiceApplication.class);

	@Test
	void featurePackagesOnlyUseEachOthersPublicFaces() {
		MODULES.verify();
	}

	@Test
	void eachTableIsWrittenOnlyByItsFeaturePackage() {
		FeatureTables.of(MemberServiceApplication.class)
			.owner("identity", "member", "channel_identity", "identity_hint")
			.owner("verification", "one_time_code", "code_request")
			.owner("signin", "member_credential", "refresh_token", "sign_in_attempt", "signing_key")
			.owner("audit", "member_audit")
			.owner("orders", "member_order", "member_order_return")
			.owner("points", "points_account", "points_entry", "points_rule", "points_order_redemption",
					"points_order_redemption_lot", "points_order_restoration", "member_check_in")
			.owner("tiers", "member_tier", "member_tier_grant", "tier_rule")
			.owner("lifecycle", "member_rfm", "member_churn_signal", "member_birthday_signal")
			.owner("notifications", "notification", "notification_consent")
			// Lifecycle scores and signals every member in one set-based statement each
			// (RFM from delivered orders; churn from the last order, session and
			// check-in): through the owners' APIs that would be a query per member per
			// nightly run. Reads only.
			.readBy("lifecycle", "member", "member_order", "refresh_token", "member_check_in")
			// A load-test purge of the audit trail names the run's members in SQL: audit
			// sits below identity (identity records merges in it), so it cannot call
			// identity's API without a cycle.
			.readBy("audit", "member")
			.verify();
	}

	/**
	 * docs/ARCHITECTURE.md draws this service's feature packages and their dependencies
	 * as the code has them ({@code -Dconcord.docs.update=true} writes the diagram).
	 */
	@Test
	void theArchitectureDocumentDrawsTheseFeaturePackages() {
		ModuleDiagrams.assertDocumented(MODULES, Path.of("../docs/ARCHITECTURE.md"), "member-service");
	}

}
