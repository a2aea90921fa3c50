package io.concord.platform.web;

import java.security.Principal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE {admin}/test-runs/{runId}} (admin only): deletes every row the run left
 * in this service's database, step by step as the service declared ({@link TestRunData}),
 * in one transaction, and answers what it deleted per step. Works whether or not load
 * testing is switched on (a rehearsal is cleaned up after the switch goes off). Audited:
 * a {@code concord.audit} log line and a {@link Purged} application event, which a
 * service with an audit log records.
 */
@RestController
public class TestRunPurge {

	private static final Logger audit = LoggerFactory.getLogger("concord.audit");

	/** A purge, for the service's audit log. */
	public record Purged(String runId, @Nullable String actor, Map<String, Integer> deleted) {
	}

	record Answer(String runId, Map<String, Integer> deleted, long total) {
	}

	private final List<TestRunData> steps;

	private final JdbcTemplate jdbc;

	private final TransactionTemplate transactions;

	private final ApplicationEventPublisher events;

	TestRunPurge(List<TestRunData> steps, List<TestRunData.Steps> groups, JdbcTemplate jdbc,
			PlatformTransactionManager transactions, ApplicationEventPublisher events) {
		List<TestRunData> all = new java.util.ArrayList<>();
		groups.forEach((group) -> all.addAll(group.steps()));
		all.addAll(steps);
		this.steps = List.copyOf(all);
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
		this.events = events;
	}

	@DeleteMapping("${concord.admin.base-path:/admin}/test-runs/{runId}")
	Answer purge(@PathVariable String runId, @Nullable Principal caller) {
		if (!TestRun.isValid(runId)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, ProblemTypes.of("test-run-invalid"), "Invalid test run",
					"A test run id matches " + TestRun.ID.pattern() + ".");
		}
		Map<String, Integer> deleted = this.transactions.execute((status) -> {
			Map<String, Integer> counts = new LinkedHashMap<>();
			for (TestRunData step : this.steps) {
				counts.merge(step.name(), this.jdbc.update(step.deleteSql(), runId), Integer::sum);
			}
			this.events.publishEvent(new Purged(runId, (caller != null) ? caller.getName() : null, counts));
			return counts;
		});
		long total = deleted.values().stream().mapToLong(Integer::longValue).sum();
		audit.info("Test run {} purged by {}: {} rows {}", runId, (caller != null) ? caller.getName() : "unknown",
				total, deleted);
		return new Answer(runId, deleted, total);
	}

}
