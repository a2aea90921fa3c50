package io.concord.platform.web;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;

/**
 * Tags what a test run writes: every read-write transaction begun while a {@link TestRun}
 * is bound sets the PostgreSQL setting {@value #SETTING} for itself
 * ({@code set_config(.., true)}: it ends with the transaction, so a pooled connection
 * never carries it to real traffic). The {@code test_run} columns default to that
 * setting, so every row created in the transaction carries the run id without any insert
 * naming it: one schema, one code path for real and shadow traffic.
 */
class TestRunTransactions implements TransactionExecutionListener {

	/** The transaction-local setting the {@code test_run} columns default to. */
	static final String SETTING = "concord.test_run";

	private final JdbcTemplate jdbc;

	TestRunTransactions(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	@Override
	public void afterBegin(TransactionExecution transaction, Throwable beginFailure) {
		String runId = TestRun.current();
		if (runId == null || beginFailure != null || transaction.isReadOnly()) {
			return;
		}
		this.jdbc.queryForObject("select set_config('" + SETTING + "', ?, true)", String.class, runId);
	}

}
