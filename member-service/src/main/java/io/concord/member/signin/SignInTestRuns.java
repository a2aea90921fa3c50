package io.concord.member.signin;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run (ADR-25) deletes of its members' credentials and sessions.
 */
@Configuration(proxyBeanMethods = false)
class SignInTestRuns {

	@Bean
	static TestRunData.Steps signInOfTestRuns() {
		return TestRunData.Steps.of(
				new TestRunData("member_credential",
						"delete from member_credential where member_id in " + Identities.TEST_RUN_MEMBERS),
				new TestRunData("refresh_token",
						"delete from refresh_token where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
