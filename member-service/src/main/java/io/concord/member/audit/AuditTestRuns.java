package io.concord.member.audit;

import io.concord.member.identity.Identities;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What purging a load-test run (ADR-25) deletes of the audit log: its members' trail. */
@Configuration(proxyBeanMethods = false)
class AuditTestRuns {

	@Bean
	static TestRunData.Steps auditOfTestRuns() {
		return TestRunData.Steps.of(new TestRunData("member_audit",
				"delete from member_audit where member_id in " + Identities.TEST_RUN_MEMBERS));
	}

}
