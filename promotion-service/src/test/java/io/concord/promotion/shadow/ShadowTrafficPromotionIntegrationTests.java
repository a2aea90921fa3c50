package io.concord.promotion.shadow;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.TestRun;
import io.concord.promotion.PromotionFixtures;
import io.concord.promotion.campaign.Campaigns;
import io.concord.promotion.campaign.CatalogPromotion;
import io.concord.promotion.campaign.PromotionCatalog;
import io.concord.promotion.coupon.CouponClaims;
import io.concord.promotion.coupon.Coupons;
import io.concord.promotion.pricing.Offer;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Shadow traffic in promotion-service (ADR-25), load testing on: a run's campaign,
 * promotions and coupons are tagged; the run claims and applies only its own promotions
 * (a real template: 422 test-run-real-promotion), real traffic never sees the run's (so
 * no real budget, burn or statistic includes shadow orders); the purge removes the run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "concord.load-testing.enabled=true")
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ShadowTrafficPromotionIntegrationTests {

	@LocalServerPort
	int port;

	@Autowired
	Campaigns campaigns;

	@Autowired
	PromotionCatalog catalog;

	@Autowired
	CouponClaims claims;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void aTestRunUsesOnlyItsOwnPromotionsRealTrafficNeverSeesThemAndThePurgeRemovesThem() {
		PromotionFixtures fixtures = new PromotionFixtures(this.campaigns, this.catalog);
		String run = "promo-" + UUID.randomUUID().toString().substring(0, 8);
		String sku = "SHADOW-" + run;
		String realCampaign = fixtures.runningCampaign();
		CatalogPromotion realTemplate = fixtures.couponTemplate(realCampaign, Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 10, 1);
		CatalogPromotion realAutomatic = fixtures.automatic(realCampaign, Offer.Kind.AMOUNT_OFF,
				Offer.StackingGroup.ITEM, Offer.Rule.amountOff(100, 0), 1_000_000L, PromotionFixtures.skus(sku));
		String runCampaign = TestRun.callWith(run, fixtures::runningCampaign);
		CatalogPromotion runTemplate = TestRun.callWith(run, () -> fixtures.couponTemplate(runCampaign,
				Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.COUPON, Offer.Rule.amountOff(500, 0), 5, 1));
		CatalogPromotion runAutomatic = TestRun.callWith(run,
				() -> fixtures.automatic(runCampaign, Offer.Kind.AMOUNT_OFF, Offer.StackingGroup.ITEM,
						Offer.Rule.amountOff(200, 0), 1_000_000L, PromotionFixtures.skus(sku)));
		assertThat(this.jdbc.queryForObject("select test_run from campaign where id = ?", String.class, runCampaign))
			.isEqualTo(run);
		assertThat(this.jdbc.queryForObject("select count(*) from coupon where promotion_id = ? and test_run = ?",
				Integer.class, runTemplate.id(), run))
			.as("the run's coupon pool is tagged")
			.isEqualTo(5);

		// Automatic promotions: each kind of traffic sees its own.
		assertThat(this.catalog.automaticInRunningCampaigns()).extracting(CatalogPromotion::id)
			.contains(realAutomatic.id())
			.doesNotContain(runAutomatic.id());
		assertThat(TestRun.callWith(run, this.catalog::automaticInRunningCampaigns)).extracting(CatalogPromotion::id)
			.containsExactly(runAutomatic.id());
		assertThat(this.campaigns.list(null)).extracting(Campaigns.Campaign::id)
			.contains(realCampaign)
			.doesNotContain(runCampaign);

		// Claims: the run's own template only; real shoppers cannot see the run's.
		UUID member = UUID.randomUUID();
		assertThatThrownBy(() -> TestRun.runWith(run, () -> this.claims.claim(realTemplate.id(), member)))
			.isInstanceOfSatisfying(ProblemException.class,
					(ex) -> assertThat(ex.typeName()).isEqualTo("test-run-real-promotion"));
		assertThatThrownBy(() -> this.claims.claim(runTemplate.id(), member))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(404));
		Coupons.Coupon claimed = TestRun.callWith(run, () -> this.claims.claim(runTemplate.id(), member));
		assertThat(claimed.promotionId()).isEqualTo(runTemplate.id());
		assertThat(this.jdbc.queryForObject("select test_run from member_claim where promotion_id = ?", String.class,
				runTemplate.id()))
			.isEqualTo(run);
		assertThat(this.jdbc.queryForObject("select count(*) from member_claim where promotion_id = ?", Integer.class,
				realTemplate.id()))
			.isZero();

		assertThat(call("DELETE", "/admin/promotions/test-runs/" + run,
				TestIssuers.get().staffToken("ops-1", "ops-manager"))
			.statusCode()).isEqualTo(403);
		HttpResponse<String> purged = call("DELETE", "/admin/promotions/test-runs/" + run,
				TestIssuers.get().staffToken("admin-1", "admin"));
		assertThat(purged.statusCode()).as(purged.body()).isEqualTo(200);
		assertThat(purged.body()).contains("\"campaign\":1", "\"promotion\":2", "\"coupon\":5", "\"member_claim\":1");
		assertThat(this.jdbc.queryForObject("select count(*) from campaign where id in (?, ?)", Integer.class,
				realCampaign, runCampaign))
			.as("the real campaign stays")
			.isEqualTo(1);
		assertThat(this.jdbc.queryForList("select id from promotion where campaign_id = ?", String.class, realCampaign))
			.containsExactlyInAnyOrder(realTemplate.id(), realAutomatic.id());
	}

	private HttpResponse<String> call(String method, String path, String token) {
		return TestHttp.call("http://localhost:" + this.port, method, path, token, null, Map.of());
	}

}
