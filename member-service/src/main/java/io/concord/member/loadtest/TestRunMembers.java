package io.concord.member.loadtest;

import io.concord.member.audit.AuditLog;
import io.concord.platform.web.TestRunPurge;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Audits the purge of a load-test run. What the purge deletes each feature package
 * declares for its own tables (its {@code *TestRuns} steps); the run's members go last.
 */
@Component
class TestRunMembers {

	private final AuditLog audit;

	TestRunMembers(AuditLog audit) {
		this.audit = audit;
	}

	@EventListener
	void purged(TestRunPurge.Purged purged) {
		// Not about one member: the audit log's member column stays empty.
		this.audit.record((purged.actor() != null) ? "staff:" + purged.actor() : "staff:unknown", "TEST_RUN_PURGED",
				null, "load-test run " + purged.runId(), purged.deleted());
	}

}
