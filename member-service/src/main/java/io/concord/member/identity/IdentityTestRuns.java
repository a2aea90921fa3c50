package io.concord.member.identity;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run (ADR-25) deletes of identities: its members, their
 * identities and hints.
 */
@Configuration(proxyBeanMethods = false)
class IdentityTestRuns {

	@Bean
	static TestRunData.Steps identitiesOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("identity_hint",
						"delete from identity_hint where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("channel_identity",
						"delete from channel_identity where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

	/**
	 * The members themselves, last: every other package's rows reference them. A single
	 * step, because the platform runs single steps after all groups of steps.
	 */
	@Bean
	static TestRunData membersOfTestRuns() {
		return TestRunData.table("member");
	}

}
