package io.concord.bench;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.concord.inventory.InventoryServiceApplication;
import io.concord.inventory.reservation.Reservations;
import io.concord.inventory.stock.StockLedger;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The peak path: one hot SKU, many shoppers. Runs inventory-service in this process on a
 * real PostgreSQL (durable commits: fsync and synchronous commit on, as in production)
 * and a real Kafka, and compares Concord's batched reservations with a naive one
 * transaction per request {@code SELECT ... FOR UPDATE} implementation on the same
 * connection pool, each on a SKU with {@code units} units at one location,
 * {@code clients} concurrent clients making {@code attempts} one-unit reservation
 * attempts. Verifies that exactly {@code units} succeed and that on-hand minus reserved
 * ends at zero.
 *
 * <p>
 * Usage:
 * {@code java -jar bench-exec.jar reservations [units] [attempts] [clients] [--setting=value ...]}.
 */
final class ReservationBenchmark {

	/** What the naive implementation writes to the outbox per reservation. */
	@PublishedEvent(topic = "concord.bench.naive.v1", type = "concord.bench.NaiveReservationCreated")
	record NaiveReservationCreated(EventMetadata metadata, String orderId, String sku) implements IntegrationEvent {
	}

	@FunctionalInterface
	private interface Attempt {

		/** True when reserved, false when refused for lack of stock. */
		boolean reserve(String orderId, String sku);

	}

	private ReservationBenchmark() {
	}

	static void run(String[] args) throws Exception {
		int[] numbers = InProcessService.numbers(args, 10_000, 20_000, 200);
		InProcessService.run("inventory-service", "inventory", InventoryServiceApplication.class, args,
				List.of("--concord.admin.base-path=/admin/inventory",
						"--concord.events.subscribes=concord.fulfillment.events.v1,concord.promotion.events.v1",
						"--concord.events.publishes=concord.inventory.events.v1,concord.bench.naive.v1"),
				(inventory) -> new ReservationBenchmark().measure(inventory, numbers[0], numbers[1], numbers[2]));
	}

	private void measure(ConfigurableApplicationContext inventory, int units, int attempts, int clients)
			throws Exception {
		JdbcTemplate jdbc = inventory.getBean(JdbcTemplate.class);
		StockLedger ledger = inventory.getBean(StockLedger.class);
		Reservations reservations = inventory.getBean(Reservations.class);
		TransactionTemplate transactions = new TransactionTemplate(inventory.getBean(PlatformTransactionManager.class));
		ApplicationEventPublisher events = inventory;
		jdbc.update("insert into location (code, name, type) values ('WH', 'Warehouse', 'WAREHOUSE')");
		jdbc.update("insert into channel_location (channel, location_code, sort_order) values ('APP', 'WH', 0)");

		Attempt concord = (orderId, sku) -> {
			try {
				reservations.reserve(new Reservations.ReserveRequest(orderId, "APP", null,
						List.of(new Reservations.Line(sku, 1)), Duration.ofMinutes(15)));
				return true;
			}
			catch (RuntimeException ex) {
				if (ex.getMessage() != null && ex.getMessage().contains("Not enough stock")) {
					return false;
				}
				throw ex;
			}
		};
		// The textbook version: lock the row, check, write, commit, per request.
		Attempt naive = (orderId, sku) -> Boolean.TRUE.equals(transactions.execute((status) -> {
			Integer free = jdbc.queryForObject("""
					select on_hand - reserved - safety_stock from stock_level
					where sku = ? and location_code = 'WH' for update""", Integer.class, sku);
			if (free == null || free < 1) {
				return false;
			}
			Timestamp now = Timestamp.from(Instant.now());
			jdbc.update("""
					insert into reservation (order_id, channel, status, created_at, expires_at, updated_at)
					values (?, 'APP', 'ACTIVE', ?, ?, ?)""", orderId, now,
					Timestamp.from(now.toInstant().plus(Duration.ofMinutes(15))), now);
			jdbc.update("update stock_level set reserved = reserved + 1 where sku = ? and location_code = 'WH'", sku);
			jdbc.update("insert into reservation_line (order_id, sku, location_code, quantity) values (?, ?, 'WH', 1)",
					orderId, sku);
			events
				.publishEvent(new NaiveReservationCreated(EventMetadata.of(orderId, 1, now.toInstant()), orderId, sku));
			return true;
		}));

		System.out.printf("Reservations on one hot SKU: %d units, %d attempts of 1 unit, %d clients%n", units, attempts,
				clients);
		System.out.println("Warm-up (both implementations)...");
		for (int round = 0; round < 2; round++) {
			run("warm-up", naive, stock(jdbc, ledger, "WARM-N" + round, attempts / 4), attempts / 2, clients);
			run("warm-up", concord, stock(jdbc, ledger, "WARM-C" + round, attempts / 4), attempts / 2, clients);
		}
		InProcessService.quiesce(jdbc);
		Load.Run baseline = verified(jdbc, ledger,
				run("naive SELECT ... FOR UPDATE", naive, stock(jdbc, ledger, "HOT-NAIVE", units), attempts, clients),
				"HOT-NAIVE", units);
		InProcessService.quiesce(jdbc);
		Load.Run batched = verified(jdbc, ledger,
				run("Concord batched", concord, stock(jdbc, ledger, "HOT-CONCORD", units), attempts, clients),
				"HOT-CONCORD", units);
		System.out.println();
		System.out.println(
				"| Implementation | Succeeded | Refused | Successful reservations/s | Sold out after | p50 ms | p99 ms | p50 ms (successes) | p99 ms (successes) |");
		System.out.println("|---|---|---|---|---|---|---|---|---|");
		for (Load.Run run : List.of(baseline, batched)) {
			System.out.printf("| %s | %d | %d | %.0f | %.2f s | %.2f | %.2f | %.2f | %.2f |%n", run.name(),
					run.succeeded(), run.refused(), run.succeeded() / run.all().seconds(), run.lastSuccessSeconds(),
					run.all().percentileMillis(50), run.all().percentileMillis(99),
					run.successes().percentileMillis(50), run.successes().percentileMillis(99));
		}
		System.out.printf("%nThroughput ratio (successful reservations/s, Concord / naive): %.2fx%n",
				(batched.succeeded() / batched.all().seconds()) / (baseline.succeeded() / baseline.all().seconds()));
		System.out.printf("Time to sell out, naive / Concord: %.2fx%n",
				baseline.lastSuccessSeconds() / batched.lastSuccessSeconds());
	}

	private static String stock(JdbcTemplate jdbc, StockLedger ledger, String sku, int units) {
		jdbc.update("insert into sku (sku, name) values (?, ?)", sku, "Bench " + sku);
		ledger.adjust(sku, "WH", units, StockLedger.MovementKind.RECEIPT, "BENCH", null, "bench");
		return sku;
	}

	private static Load.Run run(String name, Attempt attempt, String sku, int attempts, int clients) throws Exception {
		return Load.run(name, attempts, clients, (i) -> attempt.reserve("ORD-" + UUID.randomUUID(), sku));
	}

	private static Load.Run verified(JdbcTemplate jdbc, StockLedger ledger, Load.Run run, String sku, int units) {
		StockLedger.Level level = ledger.level(sku, "WH");
		Integer lines = jdbc.queryForObject("select coalesce(sum(quantity), 0) from reservation_line where sku = ?",
				Integer.class, sku);
		boolean ok = run.succeeded() == units && level.reserved() == units && level.onHand() - level.reserved() == 0
				&& lines == units && ledger.reconcile().isEmpty();
		System.out.printf("%s: %d succeeded, reserved %d, on-hand - reserved %d, reservation lines %d -> %s%n",
				run.name(), run.succeeded(), level.reserved(), level.onHand() - level.reserved(), lines,
				ok ? "no oversell, nothing lost" : "WRONG");
		if (!ok) {
			throw new IllegalStateException(run.name() + " broke the stock invariant");
		}
		return run;
	}

}
