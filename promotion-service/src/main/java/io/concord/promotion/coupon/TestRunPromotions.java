package io.concord.promotion.coupon;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

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

	/**
	 * What purging a test run deletes of coupons: the coupons and claim counts of the
	 * run's promotions, after orders' promotions and before the promotions (the purge
	 * steps of checkout, coupon, campaign and audience run in that order).
	 */
	@Bean
	@Order(2)
	static TestRunData.Steps couponTestRunData() {
		String runPromotions = "(select id from promotion where test_run = ?)";
		return TestRunData.Steps.of(
				new TestRunData("member_claim", "delete from member_claim where promotion_id in " + runPromotions),
				new TestRunData("coupon", "delete from coupon where promotion_id in " + runPromotions));
	}

}
