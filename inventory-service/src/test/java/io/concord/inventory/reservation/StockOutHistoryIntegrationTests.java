package io.concord.inventory.reservation;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.concord.inventory.stock.StockLedger;
import io.concord.inventory.stock.StockTransfers;
import io.concord.platform.web.ProblemException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The availability history: a SKU × location whose free units reach zero opens a
 * stock-out period in the changing transaction, units free again close it, changes that
 * cross nothing write nothing, and concurrent reservations racing for the last units
 * leave exactly one open period.
 */
@SpringBootTest
class StockOutHistoryIntegrationTests {

	@Autowired
	Reservations reservations;

	@Autowired
	StockLedger ledger;

	@Autowired
	StockOuts stockOuts;

	@Autowired
	StockTransfers transfers;

	@Autowired
	JdbcTemplate jdbc;

	@Test
	void reservationsTakingALocationToZeroOpenAPeriodAndAReceiptClosesIt() {
		String sku = stockedSku(3);
		String warehouse = "WH-" + sku;
		Instant before = Instant.now();
		reserve(sku, 2);
		assertThat(periods(sku)).as("one unit is still free").isZero();

		reserve(sku, 1);
		assertThat(periods(sku)).isEqualTo(1);
		assertThat(openPeriods(sku)).isEqualTo(1);
		assertThatExceptionOfType(ProblemException.class).isThrownBy(() -> reserve(sku, 1));
		// Still out after a change that frees nothing (on hand up by what safety stock
		// keeps): the same period stays open, no second one.
		this.jdbc.update("update stock_level set safety_stock = 2 where sku = ? and location_code = ?", sku, warehouse);
		this.ledger.adjust(sku, warehouse, 2, StockLedger.MovementKind.RECEIPT, "PO-1", null, "test");
		assertThat(periods(sku)).isEqualTo(1);
		assertThat(openPeriods(sku)).isEqualTo(1);

		// A receipt (what GoodsReceived books) frees units: the period closes.
		this.ledger.adjust(sku, warehouse, 5, StockLedger.MovementKind.RECEIPT, "PO-2", null, "test");
		assertThat(periods(sku)).isEqualTo(1);
		assertThat(openPeriods(sku)).isZero();
		List<StockOuts.Interval> intervals = this.stockOuts.between(List.of(sku), before, Instant.now().plusSeconds(1));
		assertThat(intervals).hasSize(1);
		StockOuts.Interval interval = intervals.get(0);
		assertThat(interval.location()).isEqualTo(warehouse);
		assertThat(interval.from()).isAfterOrEqualTo(before.minusSeconds(1));
		assertThat(interval.to()).isAfterOrEqualTo(interval.from()).isBeforeOrEqualTo(Instant.now());

		// Out again: a second period, clipped to the range asked for while open.
		reserve(sku, 5);
		assertThat(periods(sku)).isEqualTo(2);
		assertThat(openPeriods(sku)).isEqualTo(1);
		Instant until = Instant.now().plusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
		List<StockOuts.Interval> both = this.stockOuts.between(List.of(sku), before, until);
		assertThat(both).hasSize(2);
		assertThat(both.get(1).to()).isEqualTo(until);
		assertThat(this.stockOuts.between(List.of(sku), before.minusSeconds(120), before.minusSeconds(60))).isEmpty();
	}

	@Test
	void aReleasedReservationClosesThePeriodAndATransferOutOpensOne() {
		String sku = stockedSku(4);
		String warehouse = "WH-" + sku;
		String order = reserve(sku, 4);
		assertThat(openPeriods(sku)).isEqualTo(1);
		this.reservations.release(order);
		assertThat(openPeriods(sku)).isZero();
		assertThat(periods(sku)).isEqualTo(1);

		// Stock moved away (a transfer ships on the StockLevelsChanged path): the
		// warehouse is out again, and the store has nothing to sell while the units
		// are in transit.
		this.jdbc.update("insert into location (code, name, type) values (?, 'Store', 'STORE')", "ST-" + sku);
		this.transfers.ship(sku, warehouse, "ST-" + sku, 4, null, "test");
		assertThat(this.jdbc.queryForList("""
				select location_code from stock_out_period where sku = ? and ended_at is null
				order by location_code""", String.class, sku)).containsExactly("ST-" + sku, warehouse);
		assertThat(periods(sku)).isEqualTo(3);
	}

	@Test
	void concurrentReservationsForTheLastUnitsLeaveExactlyOneOpenPeriod() throws Exception {
		String sku = stockedSku(40);
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Boolean>> shoppers = new ArrayList<>();
		for (int i = 0; i < 80; i++) {
			shoppers.add(() -> {
				start.await();
				try {
					reserve(sku, 1);
					return true;
				}
				catch (ProblemException ex) {
					return false;
				}
			});
		}
		int reserved = 0;
		try (ExecutorService pool = Executors.newFixedThreadPool(80)) {
			List<Future<Boolean>> results = shoppers.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<Boolean> result : results) {
				reserved += result.get(60, java.util.concurrent.TimeUnit.SECONDS) ? 1 : 0;
			}
		}
		assertThat(reserved).isEqualTo(40);
		assertThat(periods(sku)).isEqualTo(1);
		assertThat(openPeriods(sku)).isEqualTo(1);
	}

	private String reserve(String sku, int quantity) {
		String order = "ORD-" + UUID.randomUUID();
		this.reservations.reserve(new Reservations.ReserveRequest(order, "APP", null,
				List.of(new Reservations.Line(sku, quantity)), Duration.ofMinutes(15)));
		return order;
	}

	private int periods(String sku) {
		return this.jdbc.queryForObject("select count(*) from stock_out_period where sku = ?", Integer.class, sku);
	}

	private int openPeriods(String sku) {
		return this.jdbc.queryForObject("select count(*) from stock_out_period where sku = ? and ended_at is null",
				Integer.class, sku);
	}

	/** A SKU with {@code units} at its own warehouse, the APP channel's only location. */
	private String stockedSku(int units) {
		String sku = "OUT-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name) values (?, ?)", sku, "Test " + sku);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", "WH-" + sku);
		this.jdbc.update("insert into channel_location (channel, location_code, sort_order) values ('APP', ?, 0)",
				"WH-" + sku);
		this.ledger.adjust(sku, "WH-" + sku, units, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		return sku;
	}

}
