package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops' reports: the delivery SLA (orders at risk, breaches) and the figures a peak is
 * judged by, over orders placed in a window: orders by state, the share fulfilled within
 * the default delivery promise ({@link OrderSla.Policy}), cancellations by cause
 * (supply-caused ones against the 3% target), on-time delivery, average order value,
 * orders at risk. The same counts are Micrometer gauges ({@code concord.orders{status}},
 * {@code concord.orders.at.risk}), refreshed by the order jobs. Real orders only: a
 * load-test run's are left out (ADR-25).
 */
@Tag(name = "kpis",
		description = "Operations figures: KPIs over a window and the delivery SLA (orders at risk, breaches).")
@RestController
class OperationsKpis {

	record Rate(long count, long of, @Nullable Double rate) {

		static Rate of(long count, long of) {
			return new Rate(count, of, (of > 0) ? (double) count / of : null);
		}

	}

	record Kpis(Instant from, Instant to, long ordersPlaced, Map<String, Long> ordersByStatus,
			Rate fulfilledWithinPromise, Rate onTimeDelivery, Map<String, Rate> cancellationsByCause,
			Rate supplyCausedCancellations, Map<String, Long> averageOrderValueMinor, long atRisk,
			List<ChannelFigures> byChannel) {
	}

	/**
	 * One sales channel's orders in one currency: paid orders, their average value, and
	 * the share of its delivered orders with a return received.
	 */
	record ChannelFigures(String channel, String currency, long paidOrders, @Nullable Long averageOrderValueMinor,
			Rate returnRate) {
	}

	private final JdbcClient jdbc;

	private final OrderSla sla;

	private final OrderSla.Policy promise;

	private final Map<OrderStatus, AtomicLong> byStatus = new EnumMap<>(OrderStatus.class);

	private final AtomicLong atRisk = new AtomicLong();

	OperationsKpis(JdbcTemplate jdbc, MeterRegistry meters, OrderSla sla, OrderSla.Policy promise) {
		this.jdbc = JdbcClient.create(jdbc);
		this.sla = sla;
		this.promise = promise;
		for (OrderStatus status : OrderStatus.values()) {
			AtomicLong count = new AtomicLong();
			this.byStatus.put(status, count);
			Gauge.builder("concord.orders", count, AtomicLong::get)
				.tag("status", status.name())
				.description("Orders in each state")
				.register(meters);
		}
		Gauge.builder("concord.orders.at.risk", this.atRisk, AtomicLong::get)
			.description("Paid orders flagged as likely to miss their promise")
			.register(meters);
	}

	@Operation(summary = "Get operations KPIs",
			description = "Answers, for orders placed between from and to (the last 24 hours when absent): orders by state, the share fulfilled within the promise, on-time delivery, cancellations by cause (supply-caused against the 3% target), average order value per currency, orders at risk now, and per channel and currency the paid orders, their average value and the return rate (delivered orders with a return received). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/kpis")
	Kpis kpis(
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant from,
			@RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE_TIME) @Nullable Instant to) {
		Instant until = (to != null) ? to : Instant.now();
		Instant since = (from != null) ? from : until.minus(Duration.ofDays(1));
		Timestamp a = Timestamp.from(since);
		Timestamp b = Timestamp.from(until);
		Map<String, Long> statuses = new LinkedHashMap<>();
		this.jdbc.sql("""
				select status, count(*) from customer_order where created_at >= ? and created_at < ?
				  and status <> 'PLACING' and test_run is null group by status order by status""")
			.params(a, b)
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach((e) -> statuses.put(e.getKey(), e.getValue()));
		long placed = statuses.values().stream().mapToLong(Long::longValue).sum();
		Map<String, Long> causes = new LinkedHashMap<>();
		this.jdbc.sql("""
				select case
				    when status = 'REJECTED' and rejection ->> 'type' like '%/insufficient-stock' then 'OUT_OF_STOCK'
				    when status = 'REJECTED' then 'REJECTED_OTHER'
				    when cancel_cause in ('STOCK_HOLD_EXPIRED') then 'OUT_OF_STOCK'
				    else coalesce(cancel_cause, 'OTHER') end as cause, count(*)
				from customer_order where created_at >= ? and created_at < ? and status in ('REJECTED', 'CANCELLED')
				  and test_run is null
				group by 1 order by 1""")
			.params(a, b)
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach((e) -> causes.put(e.getKey(), e.getValue()));
		Map<String, Rate> cancellations = new LinkedHashMap<>();
		for (String cause : List.of("OUT_OF_STOCK", "SUPPLIER_SHORT", "CUSTOMER", "PAYMENT_TIMEOUT", "FRAUD")) {
			cancellations.put(cause, Rate.of(causes.getOrDefault(cause, 0L), placed));
		}
		causes.forEach((cause, count) -> cancellations.putIfAbsent(cause, Rate.of(count, placed)));
		long supplyCaused = causes.getOrDefault("OUT_OF_STOCK", 0L) + causes.getOrDefault("SUPPLIER_SHORT", 0L);
		long[] delivery = this.jdbc.sql("""
				select count(*), count(*) filter (where delivered_at <= promised_delivery_by),
				  count(*) filter (where delivered_at <= paid_at + make_interval(secs => ?))
				from customer_order where created_at >= ? and created_at < ? and delivered_at is not null
				  and test_run is null""")
			.params(this.promise.delivery().toSeconds(), a, b)
			.query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2), rs.getLong(3) })
			.single();
		Map<String, Long> aov = new LinkedHashMap<>();
		this.jdbc.sql("""
				select currency, round(avg(payable_minor)) from customer_order
				where created_at >= ? and created_at < ? and paid_at is not null and test_run is null
				group by currency""")
			.params(a, b)
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach((e) -> aov.put(e.getKey(), e.getValue()));
		List<ChannelFigures> byChannel = this.jdbc.sql("""
				select o.channel, o.currency, count(*) filter (where o.paid_at is not null) as paid,
				  round(avg(o.payable_minor) filter (where o.paid_at is not null)) as aov,
				  count(*) filter (where o.delivered_at is not null) as delivered,
				  count(*) filter (where o.delivered_at is not null and exists (select 1 from order_return r
				    where r.order_id = o.order_id and r.status = 'RETURNED')) as returned
				from customer_order o where o.created_at >= ? and o.created_at < ? and o.status <> 'PLACING'
				  and o.test_run is null
				group by o.channel, o.currency order by o.channel, o.currency""")
			.params(a, b)
			.query((rs, n) -> new ChannelFigures(rs.getString("channel"), rs.getString("currency"), rs.getLong("paid"),
					(rs.getObject("aov") != null) ? rs.getLong("aov") : null,
					Rate.of(rs.getLong("returned"), rs.getLong("delivered"))))
			.list();
		return new Kpis(since, until, placed, statuses, Rate.of(delivery[2], delivery[0]),
				Rate.of(delivery[1], delivery[0]), cancellations, Rate.of(supplyCaused, placed), aov, refresh(),
				byChannel);
	}

	@Tag(name = "kpis",
			description = "Operations figures: KPIs over a window and the delivery SLA (orders at risk, breaches).")
	@Operation(summary = "List orders at risk",
			description = "Answers paid orders likely to miss their delivery promise, with the reason. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/sla/at-risk")
	List<OrderSla.AtRisk> atRisk() {
		return this.sla.atRisk();
	}

	@Tag(name = "kpis",
			description = "Operations figures: KPIs over a window and the delivery SLA (orders at risk, breaches).")
	@Operation(summary = "List SLA breaches",
			description = "Answers orders that missed their dispatch or delivery promise. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/sla/breaches")
	List<OrderSla.Breach> breaches() {
		return this.sla.breaches();
	}

	/** Refreshes the gauges; returns the orders at risk now. */
	long refresh() {
		Map<String, Long> counts = new LinkedHashMap<>();
		this.jdbc.sql("select status, count(*) from customer_order where test_run is null group by status")
			.query((rs, n) -> Map.entry(rs.getString(1), rs.getLong(2)))
			.list()
			.forEach((e) -> counts.put(e.getKey(), e.getValue()));
		this.byStatus.forEach((status, gauge) -> gauge.set(counts.getOrDefault(status.name(), 0L)));
		long risky = this.jdbc.sql("""
				select count(*) from customer_order where at_risk_since is not null
				  and %s and test_run is null""".formatted(OrderStatus.sqlIn("status", OrderStatus.UNDER_PROMISE)))
			.query(Long.class)
			.single();
		this.atRisk.set(risky);
		return risky;
	}

}
