package io.concord.promotion.coupon;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Load tests never touch real promotions (ADR-25): shadow traffic claims and redeems only
 * the coupons of its own run's campaigns (else 422 {@code test-run-real-promotion}), and
 * real traffic never sees a run's (404). Automatic promotions are filtered the same way
 * in the catalogue, so budgets, burn and statistics of real campaigns never include
 * shadow orders.
 */
@Configuration(proxyBeanMethods = false)
public class TestRunPromotions {

	public static ProblemException otherRun(String what) {
		if (!TestRun.active()) {
			return new ProblemException.NotFound("Promotion", what);
		}
		return new ProblemException.Unprocessable(ProblemTypes.of("test-run-real-promotion"), "Real promotion",
				"Shadow traffic (test run " + TestRun.current() + ") may use only its own run's promotions, not " + what
						+ ".");
	}

	/** What purging a test run deletes here, children first. */
	@Bean
	static TestRunData.Steps promotionTestRunData() {
		String runPromotions = "(select id from promotion where test_run = ?)";
		String runOrders = "(select order_id from order_promotion where test_run = ?)";
		return TestRunData.Steps.of(
				new TestRunData("order_returned_units",
						"delete from order_returned_units where order_id in " + runOrders),
				new TestRunData("order_return", "delete from order_return where order_id in " + runOrders),
				new TestRunData("order_promotion_applied",
						"delete from order_promotion_applied where order_id in " + runOrders),
				TestRunData.table("order_promotion"),
				new TestRunData("member_claim", "delete from member_claim where promotion_id in " + runPromotions),
				new TestRunData("coupon", "delete from coupon where promotion_id in " + runPromotions),
				TestRunData.table("promotion"), TestRunData.table("campaign"), TestRunData.table("audience_member"));
	}

}
