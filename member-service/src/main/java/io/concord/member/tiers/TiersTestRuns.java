package io.concord.member.tiers;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What purging a load-test run (ADR-25) deletes of its members' tiers and grants. */
@Configuration(proxyBeanMethods = false)
class TiersTestRuns {

	@Bean
	static TestRunData.Steps tiersOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("member_tier_grant",
						"delete from member_tier_grant where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("member_tier",
						"delete from member_tier where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
