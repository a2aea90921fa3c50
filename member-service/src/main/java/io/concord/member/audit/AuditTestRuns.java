package io.concord.member.audit;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What purging a load-test run (ADR-25) deletes of the audit log: its members' trail. */
@Configuration(proxyBeanMethods = false)
class AuditTestRuns {

	// audit sits below identity (identity records its merges here), so it names the
	// run's members in SQL rather than through identity's API: a declared read.
	@Bean
	static TestRunData.Steps auditOfTestRuns() {
		return TestRunData.Steps.of(new TestRunData("member_audit",
				"delete from member_audit where member_id in (select id from member where test_run = ?)"));
	}

}
