package io.concord.member.loadtest;

import io.concord.member.audit.AuditLog;
import io.concord.platform.web.TestRunData;
import io.concord.platform.web.TestRunPurge;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/**
 * What purging a load-test run deletes in member-service: the run's members with
 * everything hanging off them (identities, credentials, sessions, points, orders, tiers,
 * lifecycle signals, notifications and consents, their audit trail), and its one-time
 * codes. The purge itself is audited.
 */
@Configuration(proxyBeanMethods = false)
class TestRunMembers {

	private final AuditLog audit;

	TestRunMembers(AuditLog audit) {
		this.audit = audit;
	}

	private static final String MEMBERS = "(select id from member where test_run = ?)";

	private static final String REDEMPTIONS = "(select order_id from points_order_redemption where member_id in "
			+ MEMBERS + ")";

	@Bean
	static TestRunData.Steps memberTestRunData() {
		return TestRunData.Steps.of(
				new TestRunData("points_order_restoration",
						"delete from points_order_restoration where order_id in " + REDEMPTIONS),
				new TestRunData("points_order_redemption_lot",
						"delete from points_order_redemption_lot where order_id in " + REDEMPTIONS),
				memberOwned("points_order_redemption"), memberOwned("points_entry"), memberOwned("points_account"),
				new TestRunData("member_order_return",
						"delete from member_order_return where order_id in (select order_id from member_order where member_id in "
								+ MEMBERS + ")"),
				memberOwned("member_order"), memberOwned("member_tier_grant"), memberOwned("member_tier"),
				memberOwned("member_check_in"), memberOwned("member_rfm"), memberOwned("member_churn_signal"),
				memberOwned("member_birthday_signal"), memberOwned("identity_hint"), memberOwned("channel_identity"),
				memberOwned("member_credential"), memberOwned("refresh_token"), memberOwned("notification"),
				memberOwned("notification_consent"), memberOwned("member_audit"), TestRunData.table("member"),
				TestRunData.table("one_time_code"), TestRunData.table("code_request"));
	}

	private static TestRunData memberOwned(String table) {
		return new TestRunData(table, "delete from " + table + " where member_id in " + MEMBERS);
	}

	@EventListener
	void purged(TestRunPurge.Purged purged) {
		// Not about one member: the audit log's member column stays empty.
		this.audit.record((purged.actor() != null) ? "staff:" + purged.actor() : "staff:unknown", "TEST_RUN_PURGED",
				null, "load-test run " + purged.runId(), purged.deleted());
	}

}
