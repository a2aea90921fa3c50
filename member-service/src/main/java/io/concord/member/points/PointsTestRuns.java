package io.concord.member.points;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run (ADR-25) deletes of points: its members' redemptions,
 * entries, accounts and check-ins.
 */
@Configuration(proxyBeanMethods = false)
class PointsTestRuns {

	private static final String REDEMPTIONS = "(select order_id from points_order_redemption where member_id in "
			+ Identities.TEST_RUN_MEMBERS + ")";

	@Bean
	static TestRunData.Steps pointsOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("points_order_restoration",
						"delete from points_order_restoration where order_id in " + REDEMPTIONS),
				new TestRunData("points_order_redemption_lot",
						"delete from points_order_redemption_lot where order_id in " + REDEMPTIONS),
				new TestRunData("points_order_redemption",
						"delete from points_order_redemption where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("points_entry",
						"delete from points_entry where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("points_account",
						"delete from points_account where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("member_check_in",
						"delete from member_check_in where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
