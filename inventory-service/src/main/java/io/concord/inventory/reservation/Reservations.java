package io.concord.inventory.reservation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

import io.concord.inventory.catalog.TestRunStock;
import io.concord.inventory.stock.ReservedStock;
import io.concord.inventory.stock.StockLedger;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.concord.platform.web.TestRunData;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reservations hold stock for an order until it is paid (confirm), cancelled (release) or
 * abandoned (expiry). Reserving goes through group commit ({@link ReservationBatcher}):
 * see there for why; the other steps touch one order's rows and run directly.
 */
@Component
public class Reservations {

	public record Line(String sku, int quantity) {
	}

	/**
	 * @param region the shipping region, for the nearest-location strategy; may be null
	 */
	public record ReserveRequest(String orderId, String channel, @Nullable String region, List<Line> lines,
			Duration holdFor) {

		SortedMap<String, Integer> quantities() {
			// SKUs in one order, so writers never wait on each other's rows in a cycle.
			SortedMap<String, Integer> wanted = new TreeMap<>();
			this.lines.forEach((line) -> wanted.merge(line.sku(), line.quantity(), Integer::sum));
			return wanted;
		}

	}

	public record Allocation(String sku, String location, int quantity) {
	}

	public record Reservation(String orderId, String channel, String status, Instant expiresAt,
			List<Allocation> allocations) {

		ReservationStatus state() {
			return ReservationStatus.valueOf(this.status);
		}

	}

	public record ShortLine(String sku, int requested, int available) {
	}

	private final GroupCommit<ReserveRequest, Reservation> commits;

	private final JdbcClient jdbc;

	private final StockLedger ledger;

	private final ReservedStock reserved;

	private final StockPools pools;

	private final AvailabilitySignals signals;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final MeterRegistry meters;

	private final Map<String, Counter> rejections = new ConcurrentHashMap<>();

	Reservations(GroupCommit<ReserveRequest, Reservation> commits, JdbcTemplate jdbc, StockLedger ledger,
			ReservedStock reserved, StockPools pools, AvailabilitySignals signals, ApplicationEventPublisher events,
			Clock clock, MeterRegistry meters) {
		this.meters = meters;
		this.commits = commits;
		this.jdbc = JdbcClient.create(jdbc);
		this.ledger = ledger;
		this.reserved = reserved;
		this.pools = pools;
		this.signals = signals;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Reserves every line or none; a 409 names the short lines with what is available.
	 * Repeating it for the same order returns the existing reservation and changes
	 * nothing. Not to be called inside a transaction: it commits in a batch of its own.
	 */
	public Reservation reserve(ReserveRequest request) {
		try {
			return this.commits.call(request.orderId(), request, Duration.ofSeconds(30), () -> new ProblemException(
					HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("reservation-timeout"), "Reservation timed out",
					"The reservation for order " + request.orderId()
							+ " did not complete in time; repeat it with the same order id to learn its outcome"));
		}
		catch (ProblemException ex) {
			// Refusals by cause (short of stock, saturated, timed out) for the peak
			// dashboard.
			this.rejections
				.computeIfAbsent(ex.typeName(),
						(reason) -> Counter.builder("concord.inventory.reservations.rejected")
							.tag("reason", reason)
							.description("Reservations refused, by cause")
							.register(this.meters))
				.increment();
			throw ex;
		}
	}

	static ProblemException shortOfStock(List<ShortLine> shortLines) {
		return new ProblemException.Conflict(ProblemTypes.of("insufficient-stock"), "Insufficient stock",
				"Not enough stock for " + shortLines.stream().map(ShortLine::sku).toList())
			.with("shortLines", shortLines);
	}

	/** Payment is pending longer than expected: keep the stock a while more. */
	@Transactional
	public Reservation extend(String orderId, Duration holdFor) {
		Instant now = this.clock.instant();
		Instant expiresAt = now.plus(holdFor);
		Long version = this.jdbc.sql("""
				update reservation set expires_at = greatest(expires_at, ?), updated_at = ?, version = version + 1
				where order_id = ? and status = ? returning version""")
			.params(Timestamp.from(expiresAt), Timestamp.from(now), orderId, ReservationStatus.ACTIVE.name())
			.query(Long.class)
			.optional()
			.orElse(null);
		Reservation reservation = find(orderId);
		if (version == null) {
			throw new ProblemException.Conflict("Reservation " + orderId + " is " + reservation.status());
		}
		this.events.publishEvent(new InventoryEvents.ReservationExtended(EventMetadata.of(orderId, version, now),
				orderId, reservation.expiresAt()));
		return reservation;
	}

	/** Payment arrived: the reserved units leave stock, with a SALE movement each. */
	@Transactional
	public Reservation confirm(String orderId) {
		Reservation reservation = find(orderId);
		StockPool pool = this.pools.lock(skus(reservation));
		Long version = transition(orderId, ReservationStatus.ACTIVE, ReservationStatus.CONFIRMED);
		if (version == null && reservation.state() == ReservationStatus.EXPIRED && canServeAgain(reservation, pool)) {
			// Paid after its hold ran out (the payment was late, or its confirmation
			// was):
			// the units it had are still free, so the sale goes through rather than a
			// refund of a paid order.
			version = transition(orderId, ReservationStatus.EXPIRED, ReservationStatus.CONFIRMED);
			if (version != null) {
				for (Allocation allocation : reservation.allocations()) {
					// Checked free above, with the rows locked.
					if (!this.ledger.move(allocation.sku(), allocation.location(), -allocation.quantity(),
							StockLedger.MovementKind.SALE, "LATE_CONFIRMATION", orderId, "order:" + orderId)) {
						throw new IllegalStateException("Units of " + allocation.sku() + " checked free are not");
					}
				}
				Instant now = this.clock.instant();
				this.events
					.publishEvent(new InventoryEvents.ReservationConfirmed(EventMetadata.of(orderId, version, now),
							orderId, reservation.channel(), allocated(reservation), now));
				this.signals.announce(skus(reservation));
				return find(orderId);
			}
		}
		if (version != null) {
			for (Allocation allocation : reservation.allocations()) {
				this.ledger.takeReserved(allocation.sku(), allocation.location(), allocation.quantity(),
						StockLedger.MovementKind.SALE, null, orderId, "order:" + orderId);
			}
			Instant now = this.clock.instant();
			this.events.publishEvent(new InventoryEvents.ReservationConfirmed(EventMetadata.of(orderId, version, now),
					orderId, reservation.channel(), allocated(reservation), now));
			this.signals.announce(skus(reservation));
		}
		Reservation now = find(orderId);
		if (now.state() != ReservationStatus.CONFIRMED) {
			throw new ProblemException.Conflict(ProblemTypes.of("reservation-expired"), "Reservation not confirmable",
					"Reservation " + orderId + " is " + now.status() + " and its units are no longer free")
				.with("status", now.status());
		}
		return now;
	}

	private static boolean canServeAgain(Reservation reservation, StockPool pool) {
		java.util.Map<String, Integer> wanted = new java.util.LinkedHashMap<>();
		for (Allocation allocation : reservation.allocations()) {
			wanted.merge(allocation.sku() + "@" + allocation.location(), allocation.quantity(), Integer::sum);
		}
		return reservation.allocations()
			.stream()
			.allMatch((a) -> pool.canServe(a.sku(), a.location(), wanted.get(a.sku() + "@" + a.location()),
					reservation.channel()));
	}

	/**
	 * The order was cancelled: reserved units are free again and go back to the fences
	 * they came from; if it had been paid (and not shipped), the sold units return to
	 * stock. Repeating it, or releasing an expired reservation, changes nothing.
	 */
	@Transactional
	public Reservation release(String orderId) {
		Reservation reservation = find(orderId);
		this.pools.lock(skus(reservation));
		Long version = transition(orderId, ReservationStatus.ACTIVE, ReservationStatus.RELEASED);
		boolean wasConfirmed = false;
		if (version == null) {
			version = transition(orderId, ReservationStatus.CONFIRMED, ReservationStatus.REVERSED);
			wasConfirmed = version != null;
		}
		if (version == null) {
			// Already given back, or expired meanwhile (an unpaid order is often
			// cancelled
			// after its hold ran out): nothing more to release.
			Reservation current = find(orderId);
			if (!current.state().holdsStock()) {
				return current;
			}
			throw new ProblemException.Conflict("Reservation " + orderId + " is " + current.status());
		}
		if (wasConfirmed) {
			for (Allocation allocation : reservation.allocations()) {
				this.ledger.move(allocation.sku(), allocation.location(), allocation.quantity(),
						StockLedger.MovementKind.SALE_REVERSED, null, orderId, "order:" + orderId);
			}
		}
		else {
			giveBack(reservation);
		}
		Instant now = this.clock.instant();
		this.events.publishEvent(new InventoryEvents.ReservationReleased(EventMetadata.of(orderId, version, now),
				orderId, reservation.channel(), allocated(reservation), wasConfirmed, now));
		this.signals.announce(skus(reservation));
		return find(orderId);
	}

	/**
	 * Releases reservations whose hold ran out; returns how many were due. Locks like
	 * confirm and release do, the stock rows first and the reservations after them (a
	 * conditional update that skips one confirmed meanwhile): in the other order, an
	 * expiry and the confirmation of a payment that arrived at the last moment could each
	 * hold what the other waits for.
	 */
	@Transactional
	public int expire(int batchSize) {
		// 'ACTIVE' as a literal: it names the partial index reservation_expiring, which a
		// parameter would not match in a generic plan.
		List<String> expired = this.jdbc.sql("""
				select order_id from reservation where status = 'ACTIVE' and expires_at < ?
				order by expires_at limit ?""")
			.params(Timestamp.from(this.clock.instant()), batchSize)
			.query(String.class)
			.list();
		List<Reservation> reservations = expired.stream().map(this::find).toList();
		TreeSet<String> skus = new TreeSet<>();
		reservations.forEach((reservation) -> skus.addAll(skus(reservation)));
		this.pools.lock(skus);
		Instant now = this.clock.instant();
		for (Reservation reservation : reservations) {
			// Still due: an extension may have come in since the reservations were read.
			Map<String, Object> expiredRow = this.jdbc.sql("""
					update reservation set status = ?, updated_at = ?, version = version + 1
					where order_id = ? and status = ? and expires_at < ? returning version, test_run""")
				.params(ReservationStatus.checked(ReservationStatus.ACTIVE, ReservationStatus.EXPIRED).name(),
						Timestamp.from(now), reservation.orderId(), ReservationStatus.ACTIVE.name(),
						Timestamp.from(now))
				.query()
				.listOfRows()
				.stream()
				.findFirst()
				.orElse(null);
			if (expiredRow != null) {
				giveBack(reservation);
				long version = ((Number) expiredRow.get("version")).longValue();
				// A load test's reservation expires on the shadow topic (ADR-25).
				this.events.publishEvent(TestRun.callWith((String) expiredRow.get("test_run"),
						() -> new InventoryEvents.ReservationExpired(
								EventMetadata.of(reservation.orderId(), version, now), reservation.orderId(),
								reservation.channel(), allocated(reservation), now)));
			}
		}
		this.signals.announce(skus);
		return expired.size();
	}

	// Reserved units become free; units drawn from fences still in force return to them.
	private void giveBack(Reservation reservation) {
		for (Allocation allocation : reservation.allocations()) {
			this.reserved.unreserve(allocation.sku(), allocation.location(), allocation.quantity());
		}
		this.jdbc.sql("""
				update ring_fence f set consumed = f.consumed - d.quantity
				from reservation_fence d where d.order_id = ? and d.fence_id = f.id and f.released_at is null""")
			.param(reservation.orderId())
			.update();
	}

	// from -> to; the new version when it happened now, null when the reservation was not
	// in
	// state "from".
	private @Nullable Long transition(String orderId, ReservationStatus from, ReservationStatus to) {
		return this.jdbc.sql("""
				update reservation set status = ?, updated_at = ?, version = version + 1
				where order_id = ? and status = ? returning version""")
			.params(ReservationStatus.checked(from, to).name(), Timestamp.from(this.clock.instant()), orderId,
					from.name())
			.query(Long.class)
			.optional()
			.orElse(null);
	}

	private static List<String> skus(Reservation reservation) {
		return reservation.allocations().stream().map(Allocation::sku).distinct().sorted().toList();
	}

	static List<InventoryEvents.Allocated> allocated(Reservation reservation) {
		return reservation.allocations()
			.stream()
			.map((a) -> new InventoryEvents.Allocated(a.sku(), a.location(), a.quantity()))
			.toList();
	}

	/**
	 * What purging a test run deletes here, children first, before stock and catalogue.
	 */
	@Bean
	@Order(TestRunStock.PURGE_ORDER - 30)
	static TestRunData.Steps reservationTestRunData() {
		return TestRunData.Steps.of(new TestRunData("reservation_fence",
				"delete from reservation_fence where order_id in (select order_id from reservation where test_run = ?)"),
				TestRunData.children("reservation_line", "order_id", "reservation", "order_id"),
				TestRunData.table("reservation"),
				new TestRunData("availability_signal",
						"delete from availability_signal where sku in (select sku from sku where test_run = ?)"),
				new TestRunData("stock_out_period",
						"delete from stock_out_period where sku in (select sku from sku where test_run = ?)"),
				new TestRunData("ring_fence",
						"delete from ring_fence where sku in (select sku from sku where test_run = ?)"));
	}

	public Reservation find(String orderId) {
		return find(this.jdbc, orderId);
	}

	public boolean exists(String orderId) {
		return this.jdbc.sql("select count(*) from reservation where order_id = ?")
			.param(orderId)
			.query(Integer.class)
			.single() > 0;
	}

	static Reservation find(JdbcClient jdbc, String orderId) {
		Map<String, Object> row = jdbc.sql("select channel, status, expires_at from reservation where order_id = ?")
			.param(orderId)
			.query()
			.listOfRows()
			.stream()
			.findFirst()
			.orElseThrow(() -> new ProblemException.NotFound("Reservation", orderId));
		List<Allocation> allocations = jdbc
			.sql("""
					select sku, location_code as location, quantity from reservation_line where order_id = ? order by sku, location_code""")
			.param(orderId)
			.query(Allocation.class)
			.list();
		return new Reservation(orderId, (String) row.get("channel"), (String) row.get("status"),
				((Timestamp) row.get("expires_at")).toInstant(), new ArrayList<>(allocations));
	}

}
