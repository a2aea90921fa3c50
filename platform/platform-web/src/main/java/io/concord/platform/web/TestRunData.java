package io.concord.platform.web;

import java.util.List;

/**
 * What one service deletes to purge a test run, in order (children before parents): each
 * step a {@code delete} statement with one parameter, the run id, e.g.
 * {@code TestRunData.table("customer_order")} or a step that reaches child rows through
 * their tagged parent. Declared as beans; {@code DELETE {admin}/test-runs/{runId}} runs
 * all of them in one transaction ({@link TestRunPurge}).
 *
 * @param name what the step deletes, as the purge reports it (usually the table)
 * @param deleteSql the statement, with {@code ?} for the run id
 */
public record TestRunData(String name, String deleteSql) {

	public TestRunData {
		if (deleteSql.chars().filter((c) -> c == '?').count() != 1) {
			throw new IllegalArgumentException("A purge step takes the run id as its only parameter: " + deleteSql);
		}
	}

	/** The rows of {@code table} tagged with the run ({@code test_run = ?}). */
	public static TestRunData table(String table) {
		return new TestRunData(table, "delete from " + table + " where test_run = ?");
	}

	/**
	 * The rows of {@code table} whose {@code column} names a tagged row of {@code parent}
	 * (by the parent's {@code parentColumn}).
	 */
	public static TestRunData children(String table, String column, String parent, String parentColumn) {
		return new TestRunData(table, "delete from " + table + " where " + column + " in (select " + parentColumn
				+ " from " + parent + " where test_run = ?)");
	}

	/** Several steps, in order. */
	public record Steps(List<TestRunData> steps) {

		public static Steps of(TestRunData... steps) {
			return new Steps(List.of(steps));
		}

	}

}
