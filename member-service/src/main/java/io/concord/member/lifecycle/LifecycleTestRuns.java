package io.concord.member.lifecycle;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run (ADR-25) deletes of its members' lifecycle scores and
 * signals.
 */
@Configuration(proxyBeanMethods = false)
class LifecycleTestRuns {

	@Bean
	static TestRunData.Steps lifecycleOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("member_rfm",
						"delete from member_rfm where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("member_churn_signal",
						"delete from member_churn_signal where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("member_birthday_signal",
						"delete from member_birthday_signal where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
