package io.concord.resilience;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import io.concord.platform.test.ReceivedEvent;

/**
 * What must hold after any fault, read from each service's own database and from the
 * topics, the way an auditor would: orders, stock, coupons, points and events add up.
 * Each check returns the violations it found (empty when it holds), so a failing test
 * lists all of them at once.
 */
final class Invariants {

	private final FaultStack faults;

	Invariants(FaultStack faults) {
		this.faults = faults;
	}

	/**
	 * Every placed checkout's order exists once and is live; no member has more live
	 * orders than checkouts; no Idempotency-Key has two orders.
	 */
	List<String> oneOrderPerCheckout(Collection<Load.Checkout> checkouts) {
		List<String> violations = new ArrayList<>();
		Map<UUID, Integer> checkoutsPerMember = new HashMap<>();
		checkouts.forEach((c) -> checkoutsPerMember.merge(c.shopper().memberId(), 1, Integer::sum));
		for (Load.Checkout checkout : checkouts) {
			if (checkout.placed()) {
				List<String> status = strings("fulfillment-service",
						"select status from customer_order where order_id = ?", checkout.orderId());
				if (status.size() != 1 || status.get(0).equals("PLACING") || status.get(0).equals("REJECTED")) {
					violations.add("accepted order " + checkout.orderId() + " is " + status);
				}
			}
		}
		checkoutsPerMember.forEach((member, count) -> {
			List<String> live = strings("fulfillment-service",
					"select order_id from customer_order where member_id = ? and status <> 'REJECTED'", member);
			if (live.size() > count) {
				violations.add("member " + member + " made " + count + " checkout(s) but has live orders " + live);
			}
		});
		return violations;
	}

	/**
	 * No placement is left half done and no stock is held for an order that is not live.
	 */
	List<String> nothingStuck(String sku) {
		List<String> violations = new ArrayList<>();
		List<String> placing = strings("fulfillment-service", """
				select o.order_id from customer_order o join order_line l on l.order_id = o.order_id
				where l.sku = ? and o.status = 'PLACING'""", sku);
		if (!placing.isEmpty()) {
			violations.add("orders still PLACING: " + placing);
		}
		Map<String, String> orders = pairs("fulfillment-service", """
				select o.order_id, o.status from customer_order o join order_line l on l.order_id = o.order_id
				where l.sku = ?""", sku);
		Map<String, String> reservations = pairs("inventory-service", """
				select r.order_id, r.status from reservation r join reservation_line l on l.order_id = r.order_id
				where l.sku = ?""", sku);
		reservations.forEach((order, status) -> {
			if (status.equals("ACTIVE")) {
				String orderStatus = orders.get(order);
				if (orderStatus == null || !orderStatus.equals("PENDING_PAYMENT")) {
					violations.add("stock held for order " + order + " which is " + orderStatus);
				}
			}
		});
		orders.forEach((order, status) -> {
			if (status.equals("PENDING_PAYMENT") && !"ACTIVE".equals(reservations.get(order))) {
				violations
					.add("unpaid order " + order + " holds no stock (reservation " + reservations.get(order) + ")");
			}
			if (List.of("PAID", "ALLOCATED", "SHIPPED", "DELIVERED").contains(status)
					&& !"CONFIRMED".equals(reservations.get(order))) {
				violations.add("paid order " + order + " has reservation " + reservations.get(order));
			}
		});
		return violations;
	}

	/**
	 * On hand - reserved is what the ledger and the reservations say, and the units held
	 * and sold are the live orders' units.
	 */
	List<String> stockAddsUp(String sku, int initialUnits) {
		List<String> violations = new ArrayList<>();
		long onHand = number("inventory-service", "select coalesce(sum(on_hand), 0) from stock_level where sku = ?",
				sku);
		long reserved = number("inventory-service", "select coalesce(sum(reserved), 0) from stock_level where sku = ?",
				sku);
		long ledger = number("inventory-service", "select coalesce(sum(quantity), 0) from stock_movement where sku = ?",
				sku);
		long held = number("inventory-service",
				"""
						select coalesce(sum(l.quantity), 0) from reservation r join reservation_line l on l.order_id = r.order_id
						where l.sku = ? and r.status = 'ACTIVE'""",
				sku);
		long unpaid = number("fulfillment-service", """
				select coalesce(sum(l.quantity), 0) from customer_order o join order_line l on l.order_id = o.order_id
				where l.sku = ? and o.status = 'PENDING_PAYMENT'""", sku);
		long sold = number("fulfillment-service", """
				select coalesce(sum(l.quantity), 0) from customer_order o join order_line l on l.order_id = o.order_id
				where l.sku = ? and o.status in ('PAID', 'ALLOCATED', 'SHIPPED', 'DELIVERED')""", sku);
		if (onHand != ledger) {
			violations.add(sku + ": on hand " + onHand + " but the ledger sums to " + ledger);
		}
		if (reserved != held) {
			violations.add(sku + ": reserved " + reserved + " but active reservations hold " + held);
		}
		if (held != unpaid) {
			violations.add(sku + ": reservations hold " + held + " units, unpaid orders want " + unpaid);
		}
		if (onHand != initialUnits - sold) {
			violations.add(sku + ": on hand " + onHand + " but " + initialUnits + " - " + sold + " paid units = "
					+ (initialUnits - sold));
		}
		return violations;
	}

	/**
	 * Coupons issued = claims counted = wallet entries, within the template's quantity
	 * and one per member; every claim answered 201 is in its member's wallet.
	 */
	List<String> couponsAddUp(String template, int quantity, Collection<Load.Claim> claims) {
		List<String> violations = new ArrayList<>();
		long issued = number("promotion-service",
				"select count(*) from coupon where promotion_id = ? and member_id is not null", template);
		long counted = number("promotion-service",
				"select coalesce(sum(claimed), 0) from member_claim where promotion_id = ?", template);
		long overLimit = number("promotion-service", """
				select count(*) from (select member_id from coupon where promotion_id = ? and member_id is not null
				group by member_id having count(*) > 1) over_limit""", template);
		if (issued != counted) {
			violations.add(template + ": " + issued + " coupons issued but claims count " + counted);
		}
		if (issued > quantity) {
			violations.add(template + ": " + issued + " coupons issued of " + quantity);
		}
		if (overLimit > 0) {
			violations.add(template + ": " + overLimit + " members hold more than their limit of 1");
		}
		for (Load.Claim claim : claims) {
			String coupon = claim.couponId();
			if (coupon != null) {
				long mine = number("promotion-service", "select count(*) from coupon where id = ? and member_id = ?",
						UUID.fromString(coupon), claim.shopper().memberId());
				if (mine != 1) {
					violations
						.add("claim " + claim.key() + " answered coupon " + coupon + " which is not in the wallet");
				}
			}
		}
		return violations;
	}

	/** Every points account is the sum of its entries and of its lots. */
	List<String> pointsAddUp() {
		List<String> violations = new ArrayList<>();
		violations.addAll(strings("member-service", """
				select a.member_id || ': balance ' || a.balance || ' but entries sum to ' || coalesce(e.total, 0)
				from points_account a left join (select member_id, sum(points) total from points_entry
				  where state = 'AVAILABLE' group by member_id) e on e.member_id = a.member_id
				where a.balance <> coalesce(e.total, 0)""", new Object[0]));
		violations.addAll(strings("member-service", """
				select a.member_id || ': balance ' || a.balance || ' but lots hold ' || coalesce(l.total, 0)
				from points_account a left join (select member_id, sum(remaining) total from points_entry
				  where remaining > 0 group by member_id) l on l.member_id = a.member_id
				where a.balance <> coalesce(l.total, 0)""", new Object[0]));
		return violations;
	}

	/** Every service has published everything it committed (its outbox is empty). */
	List<String> outboxesDrained() {
		List<String> violations = new ArrayList<>();
		for (String service : FaultLinks.SERVICES) {
			long waiting = number(service, "select count(*) from event_publication where completion_date is null",
					new Object[0]);
			if (waiting > 0) {
				violations.add(service + " has " + waiting + " events not yet published");
			}
		}
		return violations;
	}

	/**
	 * Each live order's OrderPlaced (and, when paid, OrderPaid) reached the topic, under
	 * one event id each; no event for an order that was never placed. Returns violations;
	 * duplicates of an id (a re-send after a lost acknowledgement) are reported apart by
	 * {@link #duplicateDeliveries}.
	 */
	List<String> orderEventsPublished(String sku, List<ReceivedEvent> fulfillmentEvents) {
		List<String> violations = new ArrayList<>();
		Map<String, String> orders = pairs("fulfillment-service", """
				select o.order_id, o.status from customer_order o join order_line l on l.order_id = o.order_id
				where l.sku = ?""", sku);
		Map<String, Map<String, List<String>>> idsByOrderAndType = new HashMap<>();
		for (ReceivedEvent event : fulfillmentEvents) {
			if (event.subject() != null && orders.containsKey(event.subject())) {
				idsByOrderAndType.computeIfAbsent(event.subject(), (o) -> new HashMap<>())
					.computeIfAbsent(event.type(), (t) -> new ArrayList<>())
					.add(event.id());
			}
		}
		orders.forEach((order, status) -> {
			Map<String, List<String>> events = idsByOrderAndType.getOrDefault(order, Map.of());
			long placed = distinct(events.get("concord.fulfillment.OrderPlaced"));
			long paid = distinct(events.get("concord.fulfillment.OrderPaid"));
			boolean live = !status.equals("REJECTED") && !status.equals("PLACING");
			if (live && placed != 1) {
				violations.add(order + " (" + status + ") has " + placed + " OrderPlaced events");
			}
			if (!live && !events.isEmpty()) {
				violations.add(order + " (" + status + ") was never placed but published " + events.keySet());
			}
			boolean wasPaid = List.of("PAID", "ALLOCATED", "SHIPPED", "DELIVERED").contains(status);
			if (wasPaid && paid != 1) {
				violations.add(order + " (" + status + ") has " + paid + " OrderPaid events");
			}
		});
		return violations;
	}

	/** Event ids that reached a topic more than once. */
	static Map<String, Long> duplicateDeliveries(List<ReceivedEvent> events) {
		return events.stream()
			.collect(Collectors.groupingBy(ReceivedEvent::id, LinkedHashMap::new, Collectors.counting()))
			.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 1)
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
	}

	/**
	 * inventory-service recorded each placed order's demand once (its OrderPlaced
	 * consumer applied it once).
	 */
	List<String> demandRecordedOnce(String sku) {
		List<String> violations = new ArrayList<>();
		long placedUnits = number("fulfillment-service", """
				select coalesce(sum(l.quantity), 0) from customer_order o join order_line l on l.order_id = o.order_id
				where l.sku = ? and o.status not in ('PLACING', 'REJECTED')""", sku);
		long demand = number("inventory-service", "select coalesce(sum(quantity), 0) from daily_demand where sku = ?",
				sku);
		if (demand != placedUnits) {
			violations.add(sku + ": demand history has " + demand + " units, placed orders " + placedUnits);
		}
		return violations;
	}

	private static long distinct(List<String> ids) {
		return (ids != null) ? ids.stream().distinct().count() : 0;
	}

	/**
	 * Polls {@code check} until it finds nothing or time is up; when it held
	 * ({@link System#nanoTime()}).
	 */
	static long awaitHolds(Duration atMost, java.util.function.Supplier<List<String>> check) {
		long start = System.nanoTime();
		long deadline = start + atMost.toNanos();
		List<String> violations = check.get();
		while (!violations.isEmpty() && System.nanoTime() < deadline) {
			FaultLinks.pause(250);
			violations = check.get();
		}
		if (!violations.isEmpty()) {
			throw new AssertionError("Still violated after " + atMost + ":\n  " + String.join("\n  ", violations));
		}
		return System.nanoTime();
	}

	// -- SQL, straight to each service's database (not through its proxy)

	private Connection connect(String service) throws SQLException {
		return DriverManager.getConnection(this.faults.jdbcUrl(service), this.faults.stack.databaseUser(),
				this.faults.stack.databasePassword());
	}

	long number(String service, String sql, Object... params) {
		List<String> rows = strings(service, sql, params);
		return rows.isEmpty() ? 0 : Long.parseLong(rows.get(0));
	}

	List<String> strings(String service, String sql, Object... params) {
		List<String> rows = new ArrayList<>();
		query(service, sql, params, (rs) -> rows.add(rs.getString(1)));
		return rows;
	}

	Map<String, String> pairs(String service, String sql, Object... params) {
		Map<String, String> rows = new LinkedHashMap<>();
		query(service, sql, params, (rs) -> rows.put(rs.getString(1), rs.getString(2)));
		return rows;
	}

	private interface Row {

		void read(ResultSet rs) throws SQLException;

	}

	private void query(String service, String sql, Object[] params, Row row) {
		try (Connection connection = connect(service); PreparedStatement statement = connection.prepareStatement(sql)) {
			statement.setQueryTimeout(30);
			for (int i = 0; i < params.length; i++) {
				statement.setObject(i + 1, params[i]);
			}
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					row.read(rs);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException(service + ": " + sql, ex);
		}
	}

}
