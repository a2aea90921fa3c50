package io.concord.member.notifications;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run (ADR-25) deletes of its members' notifications and
 * consents.
 */
@Configuration(proxyBeanMethods = false)
class NotificationsTestRuns {

	@Bean
	static TestRunData.Steps notificationsOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("notification",
						"delete from notification where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("notification_consent",
						"delete from notification_consent where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
