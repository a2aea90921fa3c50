package io.concord.inventory.reservation;

import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Stock-outs and low stock now, for the ops board: counted from what availability last
 * announced per SKU ({@code availability_signal}, kept by {@link AvailabilitySignals}),
 * so a read is one small query however busy the sale is. Real SKUs only: a load test's
 * are left out (ADR-25).
 */
@Tag(name = "stock-alerts", description = "SKUs out of stock or below their reorder point, for the ops board.")
@RestController
@Validated
class StockAlertsController {

	/**
	 * @param outOfStock SKUs with nothing free to sell
	 * @param lowStock SKUs with some free units, below their reorder point
	 * @param worst the SKUs with the fewest free units below their reorder point, fewest
	 * first
	 */
	record StockAlerts(long outOfStock, long lowStock, List<Alert> worst) {
	}

	record Alert(String sku, int available, int reorderPoint) {
	}

	private final JdbcClient jdbc;

	StockAlertsController(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
	}

	@Operation(summary = "Count stock-outs and low stock",
			description = "Answers how many SKUs have nothing free to sell and how many are below their reorder point, as last announced (LowStock, OutOfStock), and the limit SKUs (1 to 100, 10 when absent) with the fewest free units. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/inventory/stock-alerts")
	StockAlerts alerts(@RequestParam(defaultValue = "10") @Min(1) @Max(100) int limit) {
		long[] counts = this.jdbc.sql("""
				select count(*) filter (where a.available <= 0), count(*) filter (where a.low and a.available > 0)
				from availability_signal a join sku s on s.sku = a.sku where s.test_run is null""")
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) })
			.single();
		List<Alert> worst = this.jdbc.sql("""
				select a.sku, a.available, s.reorder_point from availability_signal a join sku s on s.sku = a.sku
				where (a.low or a.available <= 0) and s.test_run is null
				order by a.available, a.sku limit ?""")
			.param(limit)
			.query((rs, n) -> new Alert(rs.getString(1), rs.getInt(2), rs.getInt(3)))
			.list();
		return new StockAlerts(counts[0], counts[1], worst);
	}

}
