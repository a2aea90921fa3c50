package io.concord.inventory.reservation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import io.concord.inventory.stock.StockLedger;
import io.concord.platform.test.TestHttp;
import io.concord.platform.test.TestIssuers;
import io.concord.platform.web.ProblemException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Reservations against the real PostgreSQL: many threads on one hot SKU never oversell,
 * splits are all or nothing, repeats change nothing, expiry and cancellation give stock
 * back, and the ledger always reconciles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ReservationsIntegrationTests {

	@Autowired
	Reservations reservations;

	@Autowired
	StockLedger ledger;

	@Autowired
	RingFences fences;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	io.micrometer.core.instrument.MeterRegistry meters;

	@Autowired
	javax.sql.DataSource dataSource;

	@LocalServerPort
	int port;

	@Test
	void aHundredShoppersOnFiftyUnitsReserveExactlyFifty() throws Exception {
		String sku = stockedSku("HOT", 50, 0);
		double refusedBefore = count("concord.inventory.reservations.rejected", "reason", "insufficient-stock");
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Boolean>> shoppers = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			String order = "ORD-" + UUID.randomUUID();
			shoppers.add(() -> {
				start.await();
				try {
					reserve(order, "APP", List.of(new Reservations.Line(sku, 1)), Duration.ofMinutes(15));
					return true;
				}
				catch (ProblemException ex) {
					assertThat(ex.status().value()).isEqualTo(409);
					return false;
				}
			});
		}
		int reserved = 0;
		try (ExecutorService pool = Executors.newFixedThreadPool(100)) {
			List<Future<Boolean>> results = shoppers.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<Boolean> result : results) {
				reserved += result.get() ? 1 : 0;
			}
		}
		assertThat(reserved).isEqualTo(50);
		assertThat(count("concord.inventory.reservations.rejected", "reason", "insufficient-stock") - refusedBefore)
			.isEqualTo(50);
		StockLedger.Level level = this.ledger.level(sku, "WH-" + sku);
		assertThat(level.reserved()).isEqualTo(50);
		assertThat(level.onHand() - level.reserved()).isZero();
		assertThat(this.jdbc.queryForObject("select coalesce(sum(quantity), 0) from reservation_line where sku = ?",
				Integer.class, sku))
			.isEqualTo(50);
	}

	@Test
	void aLineIsSplitAcrossLocationsInTheChannelsOrderAndAnOrderIsAllOrNothing() {
		String sku = stockedSku("SPLIT", 3, 4);
		String other = stockedSku("OTHER", 1, 0);
		Reservations.Reservation split = reserve("ORD-" + UUID.randomUUID(), "APP",
				List.of(new Reservations.Line(sku, 5)), Duration.ofMinutes(15));
		assertThat(split.allocations()).containsExactly(new Reservations.Allocation(sku, "STORE-" + sku, 4),
				new Reservations.Allocation(sku, "WH-" + sku, 1));

		String tooMuch = "ORD-" + UUID.randomUUID();
		assertThatThrownBy(() -> reserve(tooMuch, "APP",
				List.of(new Reservations.Line(other, 1), new Reservations.Line(sku, 3)), Duration.ofMinutes(15)))
			.isInstanceOfSatisfying(ProblemException.class,
					(ex) -> assertThat(ex.toProblemDetail().getProperties()).extractingByKey("shortLines")
						.asString()
						.contains(sku, "requested=3", "available=2"));
		assertThat(this.ledger.level(other, "WH-" + other).reserved()).as("the line that fitted was not kept").isZero();
		assertThat(this.ledger.level(sku, "WH-" + sku).reserved()).isEqualTo(1);
		assertThat(
				this.jdbc.queryForObject("select count(*) from reservation where order_id = ?", Integer.class, tooMuch))
			.isZero();
	}

	@Test
	void repeatingAReservationForTheSameOrderChangesNothing() {
		String sku = stockedSku("AGAIN", 10, 0);
		String order = "ORD-" + UUID.randomUUID();
		Reservations.Reservation first = reserve(order, "APP", List.of(new Reservations.Line(sku, 4)),
				Duration.ofMinutes(15));
		Reservations.Reservation again = reserve(order, "APP", List.of(new Reservations.Line(sku, 4)),
				Duration.ofMinutes(15));
		assertThat(again).isEqualTo(first);
		assertThat(this.ledger.level(sku, "WH-" + sku).reserved()).isEqualTo(4);
	}

	@Test
	void expiredAndCancelledReservationsGiveStockBackAndConfirmedOnesLeaveTheLedgerBalanced() {
		String sku = stockedSku("LIFE", 10, 0);
		String abandoned = "ORD-" + UUID.randomUUID();
		String cancelled = "ORD-" + UUID.randomUUID();
		String paid = "ORD-" + UUID.randomUUID();
		reserve(abandoned, "APP", List.of(new Reservations.Line(sku, 3)), Duration.ZERO);
		reserve(cancelled, "APP", List.of(new Reservations.Line(sku, 2)), Duration.ofMinutes(15));
		reserve(paid, "APP", List.of(new Reservations.Line(sku, 4)), Duration.ofMinutes(15));
		assertThat(this.ledger.level(sku, "WH-" + sku).reserved()).isEqualTo(9);

		assertThat(this.reservations.expire(1000)).isPositive();
		assertThat(this.reservations.find(abandoned).status()).isEqualTo("EXPIRED");
		assertThat(this.reservations.release(abandoned).status())
			.as("cancelling an order whose hold ran out gives nothing back twice")
			.isEqualTo("EXPIRED");
		this.reservations.release(cancelled);
		this.reservations.release(cancelled);
		this.reservations.confirm(paid);
		this.reservations.confirm(paid);
		assertThatThrownBy(() -> this.reservations.confirm(cancelled)).isInstanceOf(ProblemException.class);

		StockLedger.Level level = this.ledger.level(sku, "WH-" + sku);
		assertThat(level.reserved()).isZero();
		assertThat(level.onHand()).isEqualTo(6);
		assertThat(this.ledger.reconcile()).isEmpty();
	}

	@Test
	void ringFencedStockIsNotSoldToAnotherChannelEvenUnderConcurrency() throws Exception {
		String sku = stockedSku("FENCE", 100, 0);
		this.jdbc.update(
				"insert into channel_location (channel, location_code, sort_order) values ('LIVESTREAM', ?, 0)",
				"WH-" + sku);
		RingFences.Fence fence = this.fences.create(sku, "LIVESTREAM", null, new java.math.BigDecimal("30"), null, null,
				null, "test");
		assertThat(fence.quantity()).isEqualTo(30);
		assertThat(fence.status()).isEqualTo("ACTIVE");

		CountDownLatch start = new CountDownLatch(1);
		List<Callable<String>> shoppers = new ArrayList<>();
		for (int i = 0; i < 130; i++) {
			String channel = (i % 13 < 3) ? "LIVESTREAM" : "APP";
			shoppers.add(() -> {
				start.await();
				try {
					reserve("ORD-" + UUID.randomUUID(), channel, List.of(new Reservations.Line(sku, 1)),
							Duration.ofMinutes(15));
					return channel;
				}
				catch (ProblemException ex) {
					return "REFUSED";
				}
			});
		}
		Map<String, Integer> outcomes = new java.util.TreeMap<>();
		try (ExecutorService pool = Executors.newFixedThreadPool(130)) {
			List<Future<String>> results = shoppers.stream().map(pool::submit).toList();
			start.countDown();
			for (Future<String> result : results) {
				outcomes.merge(result.get(), 1, Integer::sum);
			}
		}
		// 100 APP shoppers may take only the 70 unfenced units; the 30 livestream
		// shoppers all get theirs, however late they come.
		assertThat(outcomes).containsEntry("APP", 70).containsEntry("LIVESTREAM", 30).containsEntry("REFUSED", 30);
		assertThat(this.fences.find(fence.id()).remaining()).isZero();
		assertThat(this.ledger.level(sku, "WH-" + sku).reserved()).isEqualTo(100);
	}

	@Test
	void aFencedUnitGoesBackToItsFenceOnCancellationAndToEveryoneWhenTheFenceIsReleased() {
		String sku = stockedSku("FENCE2", 10, 0);
		this.jdbc.update(
				"insert into channel_location (channel, location_code, sort_order) values ('LIVESTREAM', ?, 0)",
				"WH-" + sku);
		RingFences.Fence fence = this.fences.create(sku, "LIVESTREAM", 4, null, null, null, null, "test");
		String order = "ORD-" + UUID.randomUUID();
		reserve(order, "LIVESTREAM", List.of(new Reservations.Line(sku, 3)), Duration.ofMinutes(15));
		assertThat(this.fences.find(fence.id()).remaining()).isEqualTo(1);
		assertThatThrownBy(() -> reserve("ORD-" + UUID.randomUUID(), "APP", List.of(new Reservations.Line(sku, 7)),
				Duration.ofMinutes(15)))
			.as("one fenced unit is still held for the livestream")
			.isInstanceOf(ProblemException.class);
		this.reservations.release(order);
		assertThat(this.fences.find(fence.id()).remaining()).as("back in the fence").isEqualTo(4);

		this.fences.release(fence.id());
		assertThat(this.fences.find(fence.id()).status()).isEqualTo("RELEASED");
		reserve("ORD-" + UUID.randomUUID(), "APP", List.of(new Reservations.Line(sku, 10)), Duration.ofMinutes(15));
		assertThat(this.ledger.level(sku, "WH-" + sku).reserved()).isEqualTo(10);
	}

	@Test
	void aFenceThatOutgrowsFreeStockIsRefused() {
		String sku = stockedSku("FENCE3", 10, 0);
		this.fences.create(sku, "LIVESTREAM", 6, null, null, null, null, "test");
		assertThatThrownBy(() -> this.fences.create(sku, "MINI_PROGRAM", 5, null, null, null, null, "test"))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(422));
	}

	@Test
	void aPaidOrderCancelledBeforeShippingPutsItsUnitsBackOnHand() {
		String sku = stockedSku("REVERSE", 5, 0);
		String order = "ORD-" + UUID.randomUUID();
		reserve(order, "APP", List.of(new Reservations.Line(sku, 2)), Duration.ofMinutes(15));
		this.reservations.confirm(order);
		assertThat(this.ledger.level(sku, "WH-" + sku).onHand()).isEqualTo(3);
		assertThat(this.reservations.release(order).status()).isEqualTo("REVERSED");
		assertThat(this.reservations.release(order).status()).as("a repeat changes nothing").isEqualTo("REVERSED");
		assertThat(this.ledger.level(sku, "WH-" + sku).onHand()).isEqualTo(5);
		assertThat(this.ledger.reconcile()).isEmpty();
	}

	@Test
	void anExtendedReservationOutlivesItsFirstExpiry() {
		String sku = stockedSku("EXTEND", 5, 0);
		String order = "ORD-" + UUID.randomUUID();
		Reservations.Reservation reserved = reserve(order, "APP", List.of(new Reservations.Line(sku, 1)),
				Duration.ofSeconds(1));
		Reservations.Reservation extended = this.reservations.extend(order, Duration.ofMinutes(10));
		assertThat(extended.expiresAt()).isAfter(reserved.expiresAt().plusSeconds(500));
		this.reservations.confirm(order);
		assertThatThrownBy(() -> this.reservations.extend(order, Duration.ofMinutes(10)))
			.isInstanceOfSatisfying(ProblemException.class, (ex) -> assertThat(ex.status().value()).isEqualTo(409));
	}

	/**
	 * The interleaving that deadlocked: a confirmation has queued for the stock row when
	 * the expiry job reads the same, now overdue, reservation. Expiry used to lock the
	 * reservation first and then wait for the stock row the confirmation was about to
	 * get, while the confirmation waited for the reservation.
	 */
	@Test
	@DisplayName("L8: an expiry racing the confirmation of the same reservation never deadlocks; the payment wins")
	void l8_anExpiryRacingAConfirmationNeverDeadlocks() throws Exception {
		String sku = stockedSku("RACE", 5, 0);
		String order = "ORD-" + UUID.randomUUID();
		reserve(order, "APP", List.of(new Reservations.Line(sku, 2)), Duration.ofMinutes(15));
		try (ExecutorService pool = Executors.newFixedThreadPool(2);
				java.sql.Connection gate = this.dataSource.getConnection()) {
			// Holds the SKU's stock rows, as a writer in the middle of its transaction.
			gate.setAutoCommit(false);
			try (var lock = gate.prepareStatement("select 1 from stock_level where sku = ? for update")) {
				lock.setString(1, sku);
				lock.executeQuery().close();
			}
			int waiting = lockWaiters();
			Future<Reservations.Reservation> confirmation = pool.submit(() -> this.reservations.confirm(order));
			org.awaitility.Awaitility.await().until(() -> lockWaiters() >= waiting + 1);
			// The hold runs out while the payment's confirmation waits.
			this.jdbc.update("update reservation set expires_at = now() - interval '1 second' where order_id = ?",
					order);
			Future<Integer> expiry = pool.submit(() -> this.reservations.expire(500));
			org.awaitility.Awaitility.await().until(() -> lockWaiters() >= waiting + 2);
			gate.rollback();
			assertThat(confirmation.get(30, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo("CONFIRMED");
			assertThat(expiry.get(30, java.util.concurrent.TimeUnit.SECONDS)).isNotNegative();
		}
		assertThat(this.reservations.find(order).status()).isEqualTo("CONFIRMED");
		StockLedger.Level level = this.ledger.level(sku, "WH-" + sku);
		assertThat(level.onHand()).isEqualTo(3);
		assertThat(level.reserved()).isZero();
		assertThat(this.ledger.reconcile()).isEmpty();
	}

	@Test
	@DisplayName("L8: a deadlock at confirmation answers a retryable 503 with Retry-After, not a 409 refusal")
	void l8_aDeadlockAtConfirmationIsARetryable503() throws Exception {
		String sku = stockedSku("DEADLOCK", 5, 0);
		String order = "ORD-" + UUID.randomUUID();
		reserve(order, "APP", List.of(new Reservations.Line(sku, 1)), Duration.ofMinutes(15));
		String orderFlow = TestIssuers.get().staffToken("fulfillment-service", "service:order-flow");
		try (ExecutorService pool = Executors.newSingleThreadExecutor();
				java.sql.Connection other = this.dataSource.getConnection()) {
			other.setAutoCommit(false);
			try (var statement = other.createStatement()) {
				// This session checks for deadlocks late: the confirmation is the victim.
				statement.execute("set local deadlock_timeout = '20s'");
			}
			try (var lock = other.prepareStatement("select 1 from reservation where order_id = ? for update")) {
				lock.setString(1, order);
				lock.executeQuery().close();
			}
			int waiting = lockWaiters();
			Future<java.net.http.HttpResponse<String>> confirmation = pool
				.submit(() -> TestHttp.call("http://localhost:" + this.port, "POST",
						"/internal/inventory/reservations/" + order + "/confirmation", orderFlow, null));
			org.awaitility.Awaitility.await().until(() -> lockWaiters() >= waiting + 1);
			// Now the other way round: the confirmation holds the stock and waits for the
			// reservation this session holds.
			try (var lock = other.prepareStatement("select 1 from stock_level where sku = ? for update")) {
				lock.setString(1, sku);
				lock.executeQuery().close();
			}
			java.net.http.HttpResponse<String> answer = confirmation.get(30, java.util.concurrent.TimeUnit.SECONDS);
			other.rollback();
			assertThat(answer.statusCode()).as(answer.body()).isEqualTo(503);
			assertThat(answer.headers().firstValue("Retry-After")).hasValue("1");
			assertThat(answer.body()).contains("https://concord.dev/problems/lock-conflict");
		}
		assertThat(this.reservations.confirm(order).status()).as("the retry goes through").isEqualTo("CONFIRMED");
	}

	@Test
	@DisplayName("M2: an order paid after its hold ran out is still sold while its units are free, and refused once they are gone")
	void m2_aHoldPaidAfterItExpiredIsConfirmedWhileItsUnitsAreFree() {
		String sku = stockedSku("LATE", 5, 0);
		String late = "ORD-" + UUID.randomUUID();
		reserve(late, "APP", List.of(new Reservations.Line(sku, 2)), Duration.ZERO);
		this.reservations.expire(1000);
		assertThat(this.reservations.find(late).status()).isEqualTo("EXPIRED");
		assertThat(this.reservations.confirm(late).status()).as("the paid order is served, not refunded")
			.isEqualTo("CONFIRMED");
		assertThat(this.reservations.confirm(late).status()).isEqualTo("CONFIRMED");
		StockLedger.Level level = this.ledger.level(sku, "WH-" + sku);
		assertThat(level.onHand()).isEqualTo(3);
		assertThat(level.reserved()).isZero();

		String tooLate = "ORD-" + UUID.randomUUID();
		reserve(tooLate, "APP", List.of(new Reservations.Line(sku, 2)), Duration.ZERO);
		this.reservations.expire(1000);
		reserve("ORD-" + UUID.randomUUID(), "APP", List.of(new Reservations.Line(sku, 3)), Duration.ofMinutes(15));
		assertThatThrownBy(() -> this.reservations.confirm(tooLate)).isInstanceOf(ProblemException.class)
			.hasMessageContaining("no longer free");
		assertThat(this.ledger.reconcile()).isEmpty();
	}

	// Sessions of this database waiting for a lock right now.
	private int lockWaiters() {
		return this.jdbc.queryForObject("""
				select count(*) from pg_stat_activity
				where datname = current_database() and wait_event_type = 'Lock'""", Integer.class);
	}

	private Reservations.Reservation reserve(String order, String channel, List<Reservations.Line> lines,
			Duration holdFor) {
		return this.reservations.reserve(new Reservations.ReserveRequest(order, channel, null, lines, holdFor));
	}

	/**
	 * A SKU with stock at its own warehouse and store; the APP channel tries the store
	 * first.
	 */
	private String stockedSku(String prefix, int warehouse, int store) {
		String sku = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
		this.jdbc.update("insert into sku (sku, name) values (?, ?)", sku, "Test " + sku);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Warehouse', 'WAREHOUSE')", "WH-" + sku);
		this.jdbc.update("insert into location (code, name, type) values (?, 'Store', 'STORE')", "STORE-" + sku);
		this.jdbc.update("insert into channel_location (channel, location_code, sort_order) values ('APP', ?, 0)",
				"STORE-" + sku);
		this.jdbc.update("insert into channel_location (channel, location_code, sort_order) values ('APP', ?, 1)",
				"WH-" + sku);
		this.ledger.adjust(sku, "WH-" + sku, warehouse, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		if (store > 0) {
			this.ledger.adjust(sku, "STORE-" + sku, store, StockLedger.MovementKind.RECEIPT, "INITIAL", null, "test");
		}
		return sku;
	}

	/** A counter's count so far (0 before it first counts). */
	private double count(String name, String tag, String value) {
		io.micrometer.core.instrument.Counter counter = this.meters.find(name).tag(tag, value).counter();
		return (counter != null) ? counter.count() : 0;
	}

}
