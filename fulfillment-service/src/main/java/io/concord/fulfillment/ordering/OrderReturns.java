package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.partners.Partners;
import io.concord.fulfillment.supply.GoodsReceived;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Returns of delivered orders, line by line: requested by the member within the return
 * window, then received (refunded at what the units were paid, in money and points, and
 * booked back into stock) or rejected after inspection. A return moves its order through
 * the lifecycle table like any other action ({@link OrderStatus}).
 */
@Component
class OrderReturns {

	record ReturnLine(String sku, int quantity) {
	}

	/**
	 * A return; once received, {@code refundMinor} is the money refunded and
	 * {@code pointsRestored} the points given back (worth {@code pointsValueMinor}).
	 */
	record ReturnRequest(String returnId, String orderId, String status, @Nullable String reason,
			List<ReturnLine> lines, @Nullable Long refundMinor, @Nullable Long pointsValueMinor,
			@Nullable Long pointsRestored) {
	}

	private final Orders orders;

	private final Partners partners;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final PriceProtection protection;

	private final Duration returnWindow;

	private final String returnsLocation;

	OrderReturns(Orders orders, Partners partners, JdbcTemplate jdbc, JsonMapper json, ApplicationEventPublisher events,
			PlatformTransactionManager transactions, Clock clock, PriceProtection protection,
			@Value("${concord.fulfillment.return-window:7d}") Duration returnWindow,
			@Value("${concord.fulfillment.returns-location:RETURNS}") String returnsLocation) {
		this.orders = orders;
		this.partners = partners;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.protection = protection;
		this.returnWindow = returnWindow;
		this.returnsLocation = returnsLocation;
	}

	/**
	 * The member asks to return units of a delivered order, within the return window; one
	 * open return per order at a time.
	 */
	@Transactional
	ReturnRequest requestReturn(UUID member, String orderId, List<ReturnLine> lines, @Nullable String reason) {
		Orders.Order order = this.orders.lock(this.orders.getForMember(orderId, member).orderId());
		if (order.status() == OrderStatus.DELIVERED && order.deliveredAt() != null
				&& order.deliveredAt().plus(this.returnWindow).isBefore(this.clock.instant())) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("return-window-closed"), "Return window closed",
					"Returns are accepted within " + this.returnWindow.toDays() + " days of delivery");
		}
		Map<String, Integer> wanted = new LinkedHashMap<>();
		for (ReturnLine line : lines) {
			if (line.quantity() < 1) {
				throw new ProblemException.Unprocessable("A returned quantity is at least 1 (" + line.sku() + ")");
			}
			try {
				// Lines of one SKU add up exactly: an overflow must not wrap into a
				// negative quantity that passes the check below.
				wanted.merge(line.sku(), line.quantity(), Math::addExact);
			}
			catch (ArithmeticException ex) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("return-exceeds-order"),
						"Return exceeds order", "More units of " + line.sku() + " than any order holds")
					.with("sku", line.sku());
			}
		}
		for (Map.Entry<String, Integer> line : wanted.entrySet()) {
			int returnable = order.lines()
				.stream()
				.filter((l) -> l.sku().equals(line.getKey()))
				.mapToInt((l) -> l.quantity() - l.returnedQuantity())
				.sum();
			if (line.getValue() > returnable) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("return-exceeds-order"),
						"Return exceeds order", returnable + " unit(s) of " + line.getKey() + " can be returned")
					.with("sku", line.getKey());
			}
		}
		this.orders.transition(order, OrderStatus.Action.REQUEST_RETURN, reason);
		String returnId = "RET-" + UUID.randomUUID();
		List<ReturnLine> merged = wanted.entrySet()
			.stream()
			.map((e) -> new ReturnLine(e.getKey(), e.getValue()))
			.toList();
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				insert into order_return (return_id, order_id, status, reason, lines, created_at, updated_at)
				values (?, ?, 'REQUESTED', ?, ?::jsonb, ?, ?)""")
			.params(returnId, orderId, reason, this.json.writeValueAsString(merged), Timestamp.from(now),
					Timestamp.from(now))
			.update();
		return findReturn(returnId);
	}

	/**
	 * The returned units arrived and passed inspection: each is refunded at what it was
	 * paid (promotion-service's allocation), goes back into stock at the returns location
	 * (GoodsReceived, source RETURN), and OrderReturned tells member-service to take back
	 * the points. As part of the order's load-test run, if any.
	 */
	ReturnRequest receiveReturn(String returnId) {
		ReturnRequest request = findReturn(returnId);
		if (!request.status().equals("REQUESTED")) {
			return request;
		}
		return TestRun.callWith(this.orders.runOf(request.orderId()), () -> receive(request));
	}

	private ReturnRequest receive(ReturnRequest request) {
		String returnId = request.returnId();
		List<Partners.StockLine> returned = request.lines()
			.stream()
			.map((l) -> new Partners.StockLine(l.sku(), l.quantity()))
			.toList();
		Orders.Order ordered = this.orders.get(request.orderId());
		Partners.ReturnRefund allocated = this.orders.pricedByPlatform(request.orderId())
				? platformRefund(ordered, returned) : this.partners.returnLines(request.orderId(), returnId, returned);
		// A price-protected line already refunded part of what its units paid: the
		// return gives back the claim's share of its units (PriceProtection).
		Map<String, PriceProtection.ClawBack> clawBacks = this.protection.clawBacks(request.orderId(), returned);
		Partners.ReturnRefund refund = this.protection.lessClaims(ordered, allocated, clawBacks);
		Map<String, Long> protectedMinor = new LinkedHashMap<>();
		clawBacks.forEach((sku, clawBack) -> protectedMinor.put(sku, clawBack.protectedMinor()));
		ReturnSplit split = split(ordered, refund, protectedMinor);
		long refundMinor = split.moneyMinor();
		// Idempotent per return id at member-service: a repeat after a failure below
		// gives
		// nothing twice (the split is computed from the same stored state).
		long pointsRestored = (split.points() > 0)
				? this.partners.restorePointsForReturn(request.orderId(), returnId, split.points()) : 0;
		this.transaction.executeWithoutResult((status) -> {
			Orders.Order order = this.orders.lock(request.orderId());
			if (!findReturn(returnId).status().equals("REQUESTED")) {
				return;
			}
			for (ReturnLine line : request.lines()) {
				LineSplit part = split.lines().getOrDefault(line.sku(), new LineSplit(0, 0));
				this.jdbc.sql("""
						update order_line set returned_quantity = returned_quantity + ?,
						  return_refund_minor = return_refund_minor + ?,
						  return_points_value_minor = return_points_value_minor + ?
						where order_id = ? and sku = ?""")
					.params(line.quantity(), part.refundMinor(), part.pointsValueMinor(), order.orderId(), line.sku())
					.update();
			}
			this.protection.clawedBack(clawBacks);
			this.jdbc.sql("""
					update customer_order set refunded_minor = refunded_minor + ?,
					  points_restored = points_restored + ? where order_id = ?""")
				.params(refundMinor, pointsRestored, order.orderId())
				.update();
			this.jdbc.sql("""
					update order_return set status = 'RETURNED', refund_minor = ?, points_value_minor = ?,
					  points_restored = ?, updated_at = ? where return_id = ?""")
				.params(refundMinor, split.pointsValueMinor(), pointsRestored, Timestamp.from(this.clock.instant()),
						returnId)
				.update();
			Orders.Order updated = this.orders.get(order.orderId());
			boolean everything = updated.lines().stream().allMatch((l) -> l.returnedQuantity() == l.quantity());
			long version = this.orders.transition(order,
					everything ? OrderStatus.Action.COMPLETE_RETURN : OrderStatus.Action.COMPLETE_PARTIAL_RETURN, null);
			Instant now = this.clock.instant();
			this.events.publishEvent(new OrderEvents.OrderReturned(OrderEvents.of(order, version, now), order.orderId(),
					returnId, order.memberId(), new OrderEvents.Money(refundMinor, order.currency()), pointsRestored,
					now));
			List<GoodsReceived.Line> received = new ArrayList<>();
			request.lines().forEach((l) -> received.add(new GoodsReceived.Line(l.sku(), l.quantity())));
			this.events.publishEvent(
					new GoodsReceived(TestRun.callWith(order.testRun(), () -> EventMetadata.of(returnId, 1, now)),
							returnId, null, null, this.returnsLocation, received, "RETURN", now));
		});
		return findReturn(returnId);
	}

	/**
	 * What returned units of a platform's order were paid (no promotion-service lock
	 * holds its allocation): each line's net spread over its units, rounded down
	 * cumulatively, so returning every unit gives back exactly the line's net. The money
	 * itself goes back to the buyer through the platform; this records it.
	 */
	static Partners.ReturnRefund platformRefund(Orders.Order order, List<Partners.StockLine> returned) {
		List<Partners.RefundLine> lines = new ArrayList<>();
		long total = 0;
		for (Partners.StockLine unit : returned) {
			Orders.Line line = order.lines()
				.stream()
				.filter((l) -> l.sku().equals(unit.sku()))
				.findFirst()
				.orElseThrow(() -> new ProblemException.Unprocessable("Not in the order: " + unit.sku()));
			long before = Math.multiplyExact(line.netMinor(), line.returnedQuantity()) / line.quantity();
			long after = Math.multiplyExact(line.netMinor(), line.returnedQuantity() + unit.quantity())
					/ line.quantity();
			lines.add(new Partners.RefundLine(unit.sku(), after - before));
			total = Math.addExact(total, after - before);
		}
		return new Partners.ReturnRefund(lines, total);
	}

	record LineSplit(long refundMinor, long pointsValueMinor) {
	}

	/**
	 * A return's refund split into money and points: {@code moneyMinor} to refund,
	 * {@code points} to give back (worth {@code pointsValueMinor}), and per SKU the
	 * refund and its points part.
	 */
	record ReturnSplit(long moneyMinor, long pointsValueMinor, long points, Map<String, LineSplit> lines) {
	}

	/**
	 * Splits the refund promotion-service computed for the returned units by each line's
	 * points share. Rounding is cumulative per line and per order, always down on the
	 * points side: a line's points part so far is floor(refunded so far x line points
	 * value / line net), and the order's points so far are floor(points value refunded so
	 * far x points redeemed / points value). So neither money nor points ever come back
	 * beyond what was paid in them, a fraction held back by one return is given with the
	 * next, and returning everything gives back exactly everything.
	 */
	ReturnSplit split(Orders.Order order, Partners.ReturnRefund refund, Map<String, Long> protectedMinor) {
		Map<String, LineSplit> lines = new LinkedHashMap<>();
		long total = 0;
		long pointsValue = 0;
		for (Partners.RefundLine refunded : refund.lines()) {
			String sku = refunded.sku();
			long refundMinor = refunded.refundMinor();
			total = Math.addExact(total, refundMinor);
			Orders.Line line = order.lines().stream().filter((l) -> l.sku().equals(sku)).findFirst().orElse(null);
			long part = 0;
			// A price-protected line's returns refund its net less the claim (paid in
			// money), so its points come back in proportion to that.
			long net = (line != null) ? Math.subtractExact(line.netMinor(), protectedMinor.getOrDefault(sku, 0L)) : 0;
			if (line != null && line.pointsValueMinor() > 0 && net > 0) {
				LineSplit before = refundedSoFar(order.orderId(), line.lineNo());
				long refundedSoFar = Math.min(net, Math.addExact(before.refundMinor(), refundMinor));
				long dueSoFar = java.math.BigInteger.valueOf(refundedSoFar)
					.multiply(java.math.BigInteger.valueOf(line.pointsValueMinor()))
					.divide(java.math.BigInteger.valueOf(net))
					.longValueExact();
				part = Math.max(0, Math.min(refundMinor, dueSoFar - before.pointsValueMinor()));
			}
			lines.merge(sku, new LineSplit(refundMinor, part),
					(a, b) -> new LineSplit(a.refundMinor() + b.refundMinor(),
							a.pointsValueMinor() + b.pointsValueMinor()));
			pointsValue = Math.addExact(pointsValue, part);
		}
		long points = 0;
		if (pointsValue > 0 && order.points().valueMinor() > 0) {
			long valueBefore = this.jdbc
				.sql("select coalesce(sum(return_points_value_minor), 0) from order_line where order_id = ?")
				.params(order.orderId())
				.query(Long.class)
				.single();
			long pointsBefore = this.jdbc.sql(
					"select coalesce(sum(points_restored), 0) from order_return where order_id = ? and status = 'RETURNED'")
				.params(order.orderId())
				.query(Long.class)
				.single();
			long pointsSoFar = java.math.BigInteger.valueOf(valueBefore + pointsValue)
				.multiply(java.math.BigInteger.valueOf(order.points().redeemed()))
				.divide(java.math.BigInteger.valueOf(order.points().valueMinor()))
				.longValueExact();
			points = Math.max(0, pointsSoFar - pointsBefore);
		}
		if (lines.isEmpty()) {
			total = refund.refundMinor();
		}
		return new ReturnSplit(Math.subtractExact(total, pointsValue), pointsValue, points, lines);
	}

	private LineSplit refundedSoFar(String orderId, int lineNo) {
		return this.jdbc.sql(
				"select return_refund_minor, return_points_value_minor from order_line where order_id = ? and line_no = ?")
			.params(orderId, lineNo)
			.query((rs, n) -> new LineSplit(rs.getLong(1), rs.getLong(2)))
			.single();
	}

	/**
	 * The return failed inspection: nothing is refunded and the order is delivered again.
	 */
	@Transactional
	ReturnRequest rejectReturn(String returnId, String reason) {
		ReturnRequest request = findReturn(returnId);
		if (!request.status().equals("REQUESTED")) {
			return request;
		}
		Orders.Order order = this.orders.lock(request.orderId());
		this.orders.transition(order, OrderStatus.Action.REJECT_RETURN, reason);
		this.jdbc.sql("update order_return set status = 'REJECTED', reason = ?, updated_at = ? where return_id = ?")
			.params(reason, Timestamp.from(this.clock.instant()), returnId)
			.update();
		return findReturn(returnId);
	}

	ReturnRequest findReturn(String returnId) {
		return this.jdbc.sql("select * from order_return where return_id = ?")
			.params(returnId)
			.query(this::returnRequest)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Return", returnId));
	}

	/** An order's returns, oldest first (ops' order view). */
	List<ReturnRequest> ofOrder(String orderId) {
		return this.jdbc.sql("select * from order_return where order_id = ? order by created_at")
			.params(orderId)
			.query(this::returnRequest)
			.list();
	}

	private ReturnRequest returnRequest(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
		return new ReturnRequest(rs.getString("return_id"), rs.getString("order_id"), rs.getString("status"),
				rs.getString("reason"), List.of(this.json.readValue(rs.getString("lines"), ReturnLine[].class)),
				(Long) rs.getObject("refund_minor"), (Long) rs.getObject("points_value_minor"),
				(Long) rs.getObject("points_restored"));
	}

}
