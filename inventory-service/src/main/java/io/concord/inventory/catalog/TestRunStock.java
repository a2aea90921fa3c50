package io.concord.inventory.catalog;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Load tests never take or change real stock (ADR-25): shadow traffic may reserve,
 * adjust, count and move only the SKUs and locations its own run created (else 422
 * {@code test-run-real-stock}). Real traffic is not affected.
 */
@Component
public class TestRunStock {

	/**
	 * Where the catalogue's purge steps run among the packages' (children before
	 * parents): reservations first, then replenishment, stock, and the catalogue last.
	 */
	public static final int PURGE_ORDER = 40;

	private final JdbcClient jdbc;

	TestRunStock(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
	}

	/** Of {@code skus}, those the current run created (all of them for real traffic). */
	public Set<String> usable(Collection<String> skus) {
		String runId = TestRun.current();
		if (runId == null) {
			return new TreeSet<>(skus);
		}
		return new TreeSet<>(this.jdbc.sql("select sku from sku where sku = any(?) and test_run = ?")
			.params(skus.toArray(String[]::new), runId)
			.query(String.class)
			.list());
	}

	/** Refuses shadow traffic on a SKU or location its run did not create. */
	public void requireUsable(String sku, String location) {
		String runId = TestRun.current();
		if (runId == null) {
			return;
		}
		boolean own = this.jdbc.sql("""
				select exists (select 1 from sku where sku = ? and test_run = ?)
				  and exists (select 1 from location where code = ? and test_run = ?)""")
			.params(sku, runId, location, runId)
			.query(Boolean.class)
			.single();
		if (!own) {
			throw realStock(sku + " at " + location);
		}
	}

	public static ProblemException realStock(String what) {
		return new ProblemException.Unprocessable(ProblemTypes.of("test-run-real-stock"), "Real stock",
				"Shadow traffic (test run " + TestRun.current() + ") may use only the SKUs and locations its run "
						+ "created, not " + what + ".");
	}

	/**
	 * What purging a test run deletes in the catalogue: last, after the packages whose
	 * rows refer to its SKUs and locations.
	 */
	@Bean
	@Order(PURGE_ORDER)
	static TestRunData.Steps catalogTestRunData() {
		return TestRunData.Steps.of(TestRunData.table("channel_location"), TestRunData.table("sku"),
				TestRunData.table("location"));
	}

}
