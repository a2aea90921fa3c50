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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The peak path: reservations are taken in batches, one transaction per batch.
 *
 * <p>
 * At a flash sale every request wants the same row. Taken one transaction per request,
 * with {@code SELECT ... FOR UPDATE} or even a single conditional {@code UPDATE}, the hot
 * row's lock passes from transaction to transaction, each holding it across round trips
 * to the application and its own commit (a WAL flush): throughput is one reservation per
 * lock hand-over, however many cores there are. Here a few workers each drain whatever
 * requests are waiting, lock the SKUs' rows once, share the units out in memory in
 * arrival order ({@link StockPool}: all lines or none, ring-fences, strategy, splits),
 * write the reserved totals back with one statement per row and the reservations with
 * batched inserts, announce availability once per SKU, and commit once. A batch of a
 * hundred costs little more than a reservation alone; at low load a batch is one request
 * and latency is one short transaction. The database still checks
 * {@code reserved <= on_hand} on every row, so a bug here cannot oversell.
 *
 * <p>
 * Several workers (and several service replicas) lock rows in the same (sku, location)
 * order, so they wait for each other but never deadlock. If a batch fails as a whole, its
 * requests are retried one by one so one bad request cannot fail the others.
 */
@Component
class ReservationBatcher implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(ReservationBatcher.class);

	private record Pending(Reservations.ReserveRequest request, CompletableFuture<Reservations.Reservation> result) {
	}

	private final BlockingQueue<Pending> queue;

	private final int workers;

	private final int maxBatch;

	private final JdbcClient jdbc;

	private final JdbcTemplate template;

	private final StockPools pools;

	private final AvailabilitySignals signals;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transactions;

	private final Clock clock;

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running;

	ReservationBatcher(JdbcTemplate jdbc, StockPools pools, AvailabilitySignals signals,
			ApplicationEventPublisher events, PlatformTransactionManager transactionManager, Clock clock,
			@Value("${concord.inventory.reservations.workers:2}") int workers,
			@Value("${concord.inventory.reservations.max-batch:200}") int maxBatch,
			@Value("${concord.inventory.reservations.queue-capacity:20000}") int queueCapacity) {
		this.jdbc = JdbcClient.create(jdbc);
		this.template = jdbc;
		this.pools = pools;
		this.signals = signals;
		this.events = events;
		this.transactions = new TransactionTemplate(transactionManager);
		this.clock = clock;
		this.workers = workers;
		this.maxBatch = maxBatch;
		this.queue = new ArrayBlockingQueue<>(queueCapacity);
	}

	CompletableFuture<Reservations.Reservation> submit(Reservations.ReserveRequest request) {
		CompletableFuture<Reservations.Reservation> result = new CompletableFuture<>();
		if (!this.running || !this.queue.offer(new Pending(request, result))) {
			// Beyond the queue the service is saturated: shed rather than queue without
			// bound.
			result.completeExceptionally(
					new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("reservations-saturated"),
							"Reservations saturated", "Too many reservations are waiting; try again shortly")
						.with("retryAfterSeconds", 1));
		}
		return result;
	}

	private void work() {
		List<Pending> batch = new ArrayList<>(this.maxBatch);
		while (this.running || !this.queue.isEmpty()) {
			try {
				Pending first = this.queue.poll(200, TimeUnit.MILLISECONDS);
				if (first == null) {
					continue;
				}
				batch.add(first);
				this.queue.drainTo(batch, this.maxBatch - 1);
				process(batch);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			finally {
				batch.clear();
			}
		}
	}

	private void process(List<Pending> batch) {
		// Cancelled callers (timed out) are skipped: they repeat by order id.
		List<Pending> live = batch.stream().filter((pending) -> !pending.result().isCancelled()).toList();
		if (live.isEmpty()) {
			return;
		}
		try {
			complete(this.transactions.execute((status) -> reserve(live)), live);
		}
		catch (RuntimeException ex) {
			if (live.size() == 1) {
				live.getFirst().result().completeExceptionally(ex);
				return;
			}
			log.warn("A batch of {} reservations failed ({}); retrying them one by one", live.size(), ex.toString());
			live.forEach((pending) -> process(List.of(pending)));
		}
	}

	// Outside the transaction: callers learn their outcome only once it is committed.
	private void complete(Map<Pending, Object> outcomes, List<Pending> batch) {
		for (Pending pending : batch) {
			Object outcome = outcomes.get(pending);
			if (outcome instanceof Reservations.Reservation reservation) {
				pending.result().complete(reservation);
			}
			else if (outcome instanceof ProblemException problem) {
				pending.result().completeExceptionally(problem);
			}
			else {
				// The order was reserved before (by an earlier request or another
				// replica).
				try {
					pending.result().complete(find((String) outcome));
				}
				catch (RuntimeException ex) {
					pending.result().completeExceptionally(ex);
				}
			}
		}
	}

	private Map<Pending, Object> reserve(List<Pending> batch) {
		// PostgreSQL keeps microseconds: the answer must equal what a repeat reads back.
		Instant now = this.clock.instant().truncatedTo(ChronoUnit.MICROS);
		Map<Pending, Object> outcomes = new HashMap<>();
		// One claim per order id: a repeat (in this batch or from earlier) gets the
		// reservation as it stands.
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
		if (fresh.isEmpty()) {
			return outcomes;
		}
		TreeSet<String> skus = new TreeSet<>();
		fresh.forEach((pending) -> skus.addAll(pending.request().quantities().keySet()));
		StockPool pool = this.pools.lock(skus);
		Map<String, StockPool.Route> routes = this.pools.routes();
		Map<String, Map<String, Integer>> reservedDelta = new TreeMap<>();
		Map<Long, Integer> fenceDelta = new TreeMap<>();
		List<Object[]> lines = new ArrayList<>();
		List<Object[]> fenceDraws = new ArrayList<>();
		List<String> rejected = new ArrayList<>();
		for (Pending pending : fresh) {
			Reservations.ReserveRequest request = pending.request();
			StockPool.Route route = routes.getOrDefault(request.channel(),
					new StockPool.Route(request.channel(), AllocationStrategy.SORT_ORDER, List.of()));
			StockPool.Outcome outcome = pool.allocate(request.quantities(), route, request.region());
			if (!outcome.reserved()) {
				rejected.add(request.orderId());
				outcomes.put(pending,
						Reservations.shortOfStock(outcome.shortLines()
							.stream()
							.map((s) -> new Reservations.ShortLine(s.sku(), s.requested(), s.available()))
							.toList()));
				continue;
			}
			List<Reservations.Allocation> allocations = new ArrayList<>();
			for (StockPool.Allocation allocation : outcome.allocations()) {
				reservedDelta.computeIfAbsent(allocation.sku(), (sku) -> new TreeMap<>())
					.merge(allocation.location(), allocation.quantity(), Integer::sum);
				lines.add(new Object[] { request.orderId(), allocation.sku(), allocation.location(),
						allocation.quantity() });
				allocations
					.add(new Reservations.Allocation(allocation.sku(), allocation.location(), allocation.quantity()));
			}
			for (StockPool.FenceDraw draw : outcome.fenceDraws()) {
				fenceDelta.merge(draw.fenceId(), draw.quantity(), Integer::sum);
				fenceDraws.add(new Object[] { request.orderId(), draw.fenceId(), draw.quantity() });
			}
			Reservations.Reservation reservation = new Reservations.Reservation(request.orderId(), request.channel(),
					"ACTIVE", now.plus(request.holdFor()), allocations);
			outcomes.put(pending, reservation);
			this.events.publishEvent(new InventoryEvents.ReservationCreated(EventMetadata.of(request.orderId(), 1, now),
					request.orderId(), request.channel(), Reservations.allocated(reservation),
					reservation.expiresAt()));
		}
		List<Object[]> rows = new ArrayList<>();
		reservedDelta.forEach((sku, byLocation) -> byLocation
			.forEach((location, quantity) -> rows.add(new Object[] { quantity, sku, location })));
		JdbcTemplate template = this.template;
		template.batchUpdate("update stock_level set reserved = reserved + ? where sku = ? and location_code = ?",
				rows);
		template.batchUpdate("""
				insert into reservation_line (order_id, sku, location_code, quantity) values (?, ?, ?, ?)""", lines);
		template.batchUpdate("update ring_fence set consumed = consumed + ? where id = ?",
				fenceDelta.entrySet().stream().map((e) -> new Object[] { e.getValue(), e.getKey() }).toList());
		template.batchUpdate("insert into reservation_fence (order_id, fence_id, quantity) values (?, ?, ?)",
				fenceDraws);
		if (!rejected.isEmpty()) {
			// A refused order leaves no trace, so it may be tried again.
			this.jdbc.sql("delete from reservation where order_id = any(?)")
				.param(rejected.toArray(String[]::new))
				.update();
		}
		if (!reservedDelta.isEmpty()) {
			this.signals.announce(reservedDelta.keySet());
		}
		return outcomes;
	}

	private Reservations.Reservation find(String orderId) {
		return Reservations.find(this.jdbc, orderId);
	}

	@Override
	public int getPhase() {
		// Started before and stopped after the web server, so requests it is still
		// finishing at shutdown are served.
		return DEFAULT_PHASE - 4096;
	}

	@Override
	public void start() {
		this.running = true;
		for (int i = 0; i < this.workers; i++) {
			Thread thread = Thread.ofPlatform().name("reservations-" + i).daemon().start(this::work);
			this.threads.add(thread);
		}
	}

	@Override
	public void stop() {
		// Requests already queued are still served; new ones are refused.
		this.running = false;
		for (Thread thread : this.threads) {
			try {
				thread.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		this.threads.clear();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
