package io.concord.member.verification;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What purging a load-test run (ADR-25) deletes of one-time codes: the ones it asked for.
 */
@Configuration(proxyBeanMethods = false)
class VerificationTestRuns {

	@Bean
	static TestRunData.Steps codesOfTestRuns() {
		return TestRunData.Steps.of(TestRunData.table("one_time_code"), TestRunData.table("code_request"));
	}

}
