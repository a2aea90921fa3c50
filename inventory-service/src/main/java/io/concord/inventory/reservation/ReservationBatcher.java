package io.concord.inventory.reservation;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import io.concord.inventory.catalog.TestRunStock;
import io.concord.inventory.stock.ReservedStock;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The peak path: reservations are taken in batches, one transaction per batch
 * ({@link GroupCommit} queues them and commits each batch; this class is the batch).
 *
 * <p>
 * At a flash sale every request wants the same row. Taken one transaction per request,
 * with {@code SELECT ... FOR UPDATE} or even a single conditional {@code UPDATE}, the hot
 * row's lock passes from transaction to transaction, each holding it across round trips
 * to the application and its own commit (a WAL flush): throughput is one reservation per
 * lock hand-over, however many cores there are. Here a batch locks the SKUs' rows once,
 * shares the units out in memory in arrival order ({@link StockPool}: all lines or none,
 * ring-fences, strategy, splits), writes the reserved totals back with one statement per
 * row and the reservations with batched inserts, announces availability once per SKU, and
 * commits once. The database still checks {@code reserved <= on_hand} on every row, so a
 * bug here cannot oversell.
 *
 * <p>
 * Several lanes (and several service replicas) lock rows in the same (sku, location)
 * order, so they wait for each other but never deadlock.
 */
@Component
class ReservationBatcher {

	/** A request and its place in the batch (two equal requests are still two). */
	private record Pending(Reservations.ReserveRequest request, int index) {
	}

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final StockPools pools;

	private final AvailabilitySignals signals;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final TestRunStock testRuns;

	private final ReservedStock reserved;

	ReservationBatcher(JdbcTemplate jdbc, StockPools pools, AvailabilitySignals signals,
			ApplicationEventPublisher events, Clock clock, TestRunStock testRuns, ReservedStock reserved) {
		this.testRuns = testRuns;
		this.reserved = reserved;
		this.jdbc = JdbcClient.create(jdbc);
		this.template = jdbc;
		this.pools = pools;
		this.signals = signals;
		this.events = events;
		this.clock = clock;
	}

	/** One batch, inside its transaction: an outcome per request, in order. */
	List<GroupCommit.Outcome<Reservations.Reservation>> reserve(List<Reservations.ReserveRequest> requests) {
		List<Pending> batch = new ArrayList<>();
		Map<Pending, Object> refused = new HashMap<>();
		// A batch serves one test run or real traffic only (GroupCommit); shadow traffic
		// reserves only its run's own SKUs, never real stock (ADR-25).
		Set<String> usable = this.testRuns.usable(requests.stream()
			.flatMap((request) -> request.lines().stream())
			.map(Reservations.Line::sku)
			.collect(java.util.stream.Collectors.toCollection(TreeSet::new)));
		for (int i = 0; i < requests.size(); i++) {
			Pending pending = new Pending(requests.get(i), i);
			List<String> real = pending.request()
				.lines()
				.stream()
				.map(Reservations.Line::sku)
				.filter((sku) -> !usable.contains(sku))
				.toList();
			if (real.isEmpty()) {
				batch.add(pending);
			}
			else {
				refused.put(pending, TestRunStock.realStock("SKUs " + real));
			}
		}
		Map<Pending, Object> outcomes = batch.isEmpty() ? new HashMap<>() : reserveAll(batch);
		outcomes.putAll(refused);
		batch = new ArrayList<>(batch);
		batch.addAll(refused.keySet());
		batch.sort(java.util.Comparator.comparingInt(Pending::index));
		List<GroupCommit.Outcome<Reservations.Reservation>> answers = new ArrayList<>();
		for (Pending pending : batch) {
			Object outcome = outcomes.get(pending);
			if (outcome instanceof Reservations.Reservation reservation) {
				answers.add(new GroupCommit.Outcome.Done<>(reservation));
			}
			else if (outcome instanceof ProblemException problem) {
				answers.add(new GroupCommit.Outcome.Refused<>(problem));
			}
			else {
				// The order was reserved before (by an earlier request or another
				// replica): the answer is the reservation as it stands.
				answers.add(new GroupCommit.Outcome.AfterCommit<>(() -> find((String) outcome)));
			}
		}
		return answers;
	}

	/**
	 * The batch's requests, each with an outcome: a reservation, a refusal, or the order
	 * id of one reserved before. Three steps: claim the order ids, share the units out in
	 * memory, write the shares with one statement per kind.
	 */
	private Map<Pending, Object> reserveAll(List<Pending> batch) {
		// PostgreSQL keeps microseconds: the answer must equal what a repeat reads back.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Map<Pending, Object> outcomes = new HashMap<>();
		List<Pending> fresh = claim(batch, now, outcomes);
		if (fresh.isEmpty()) {
			return outcomes;
		}
		write(allocate(fresh, now, outcomes));
		return outcomes;
	}

	/**
	 * One claim per order id: inserts the batch's new reservations and answers those not
	 * claimed here (a repeat, in this batch or from earlier) with their order id.
	 */
	private List<Pending> claim(List<Pending> batch, Instant now, Map<Pending, Object> outcomes) {
		Map<String, Pending> claims = new LinkedHashMap<>();
		for (Pending pending : batch) {
			Pending first = claims.putIfAbsent(pending.request().orderId(), pending);
			if (first != null) {
				outcomes.put(pending, pending.request().orderId());
			}
		}
		Set<String> claimed = new TreeSet<>(this.jdbc
			.sql("""
					insert into reservation (order_id, channel, region, status, created_at, expires_at, updated_at)
					select o, c, r, 'ACTIVE', ?, e, ? from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::timestamptz[])
					  as t(o, c, r, e)
					on conflict (order_id) do nothing returning order_id""")
			.params(Timestamp.from(now), Timestamp.from(now),
					claims.values().stream().map((p) -> p.request().orderId()).toArray(String[]::new),
					claims.values().stream().map((p) -> p.request().channel()).toArray(String[]::new),
					claims.values().stream().map((p) -> p.request().region()).toArray(String[]::new),
					claims.values()
						.stream()
						.map((p) -> Timestamp.from(now.plus(p.request().holdFor())))
						.toArray(Timestamp[]::new))
			.query(String.class)
			.list());
		List<Pending> fresh = new ArrayList<>();
		claims.values().forEach((pending) -> {
			if (claimed.contains(pending.request().orderId())) {
				fresh.add(pending);
			}
			else {
				outcomes.put(pending, pending.request().orderId());
			}
		});
		return fresh;
	}

	/** What a batch writes once its units are shared out. */
	private record Writes(Map<String, Map<String, Integer>> reservedDelta, Map<Long, Integer> fenceDelta,
			List<Object[]> lines, List<Object[]> fenceDraws, List<String> rejected) {
	}

	/**
	 * Locks the SKUs' rows and fences and shares their units out in arrival order, all
	 * lines of a request or none; announces each reservation made.
	 */
	private Writes allocate(List<Pending> fresh, Instant now, Map<Pending, Object> outcomes) {
		TreeSet<String> skus = new TreeSet<>();
		fresh.forEach((pending) -> skus.addAll(pending.request().quantities().keySet()));
		StockPool pool = this.pools.lock(skus);
		Map<String, StockPool.Route> routes = this.pools.routes();
		Writes writes = new Writes(new TreeMap<>(), new TreeMap<>(), new ArrayList<>(), new ArrayList<>(),
				new ArrayList<>());
		for (Pending pending : fresh) {
			Reservations.ReserveRequest request = pending.request();
			StockPool.Route route = routes.getOrDefault(request.channel(),
					new StockPool.Route(request.channel(), AllocationStrategy.SORT_ORDER, List.of()));
			StockPool.Outcome outcome = pool.allocate(request.quantities(), route, request.region());
			if (!outcome.reserved()) {
				writes.rejected().add(request.orderId());
				outcomes.put(pending,
						Reservations.shortOfStock(outcome.shortLines()
							.stream()
							.map((s) -> new Reservations.ShortLine(s.sku(), s.requested(), s.available()))
							.toList()));
				continue;
			}
			List<Reservations.Allocation> allocations = new ArrayList<>();
			for (StockPool.Allocation allocation : outcome.allocations()) {
				writes.reservedDelta()
					.computeIfAbsent(allocation.sku(), (sku) -> new TreeMap<>())
					.merge(allocation.location(), allocation.quantity(), Integer::sum);
				writes.lines()
					.add(new Object[] { request.orderId(), allocation.sku(), allocation.location(),
							allocation.quantity() });
				allocations
					.add(new Reservations.Allocation(allocation.sku(), allocation.location(), allocation.quantity()));
			}
			for (StockPool.FenceDraw draw : outcome.fenceDraws()) {
				writes.fenceDelta().merge(draw.fenceId(), draw.quantity(), Integer::sum);
				writes.fenceDraws().add(new Object[] { request.orderId(), draw.fenceId(), draw.quantity() });
			}
			Reservations.Reservation reservation = new Reservations.Reservation(request.orderId(), request.channel(),
					ReservationStatus.ACTIVE.name(), now.plus(request.holdFor()), allocations);
			outcomes.put(pending, reservation);
			this.events.publishEvent(new InventoryEvents.ReservationCreated(EventMetadata.of(request.orderId(), 1, now),
					request.orderId(), request.channel(), Reservations.allocated(reservation),
					reservation.expiresAt()));
		}
		return writes;
	}

	/**
	 * One batched statement per kind: reserved units, lines, fence draws; the refused
	 * orders' claims go, and availability is announced once per SKU.
	 */
	private void write(Writes writes) {
		this.reserved.reserve(writes.reservedDelta());
		JdbcTemplate template = this.template;
		template.batchUpdate("""
				insert into reservation_line (order_id, sku, location_code, quantity) values (?, ?, ?, ?)""",
				writes.lines());
		template.batchUpdate("update ring_fence set consumed = consumed + ? where id = ?",
				writes.fenceDelta().entrySet().stream().map((e) -> new Object[] { e.getValue(), e.getKey() }).toList());
		template.batchUpdate("insert into reservation_fence (order_id, fence_id, quantity) values (?, ?, ?)",
				writes.fenceDraws());
		if (!writes.rejected().isEmpty()) {
			// A refused order leaves no trace, so it may be tried again.
			this.jdbc.sql("delete from reservation where order_id = any(?)")
				.param(writes.rejected().toArray(String[]::new))
				.update();
		}
		if (!writes.reservedDelta().isEmpty()) {
			this.signals.announce(writes.reservedDelta().keySet());
		}
	}

	private Reservations.Reservation find(String orderId) {
		return Reservations.find(this.jdbc, orderId);
	}

}
