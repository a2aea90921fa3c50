package io.concord.promotion.audience;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/** What purging a test run deletes of the audience (ADR-25): the run's members. */
@Configuration(proxyBeanMethods = false)
class AudienceTestRuns {

	@Bean
	@Order(4)
	static TestRunData.Steps audienceTestRunData() {
		return TestRunData.Steps.of(TestRunData.table("audience_member"));
	}

}
