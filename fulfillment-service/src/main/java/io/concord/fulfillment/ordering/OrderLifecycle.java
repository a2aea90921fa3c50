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

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.PartnerRefusal;
import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.concord.fulfillment.shipping.ShipmentEvents;
import io.concord.fulfillment.shipping.Shipments;
import io.concord.fulfillment.shipping.Source;
import io.concord.fulfillment.supply.GoodsReceived;
import io.concord.fulfillment.supply.Dropship;
import io.concord.fulfillment.supply.PurchaseOrders;
import io.concord.fulfillment.supply.Suppliers;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An order after placement: paid, allocated, shipped, delivered, cancelled (by the
 * shopper, ops or unpaid expiry), returned line by line. Cancellation is announced with
 * OrderCancelled, which inventory and promotion consume to release stock and coupons, so
 * nothing stays held if a call would have been lost.
 */
@Component
class OrderLifecycle {

	private static final Logger log = LoggerFactory.getLogger(OrderLifecycle.class);

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

	private final Products products;

	private final Shipments shipments;

	private final Suppliers suppliers;

	private final Dropship dropship;

	private final OrderSla sla;

	private final ShippingAddresses addresses;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ApplicationEventPublisher events;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final Duration returnWindow;

	private final String returnsLocation;

	OrderLifecycle(Orders orders, Partners partners, Products products, Shipments shipments, Suppliers suppliers,
			Dropship dropship, OrderSla sla, ShippingAddresses addresses, JdbcTemplate jdbc, JsonMapper json,
			ApplicationEventPublisher events, PlatformTransactionManager transactions, Clock clock,
			@Value("${concord.fulfillment.return-window:7d}") Duration returnWindow,
			@Value("${concord.fulfillment.returns-location:RETURNS}") String returnsLocation) {
		this.orders = orders;
		this.partners = partners;
		this.products = products;
		this.shipments = shipments;
		this.suppliers = suppliers;
		this.dropship = dropship;
		this.sla = sla;
		this.addresses = addresses;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.events = events;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.returnWindow = returnWindow;
		this.returnsLocation = returnsLocation;
	}

	/** How long a payment callback's own confirmation has before the job takes over. */
	static final java.time.Duration CALLBACK_CONFIRMS_FOR = java.time.Duration.ofSeconds(5);

	/**
	 * Payment arrived in full: PAID (OrderPaid); stock and coupons are confirmed after
	 * commit.
	 */
	@Transactional
	boolean pay(String orderId, String provider) {
		Orders.Order order = this.orders.lock(orderId);
		if (order.status() != OrderStatus.PENDING_PAYMENT) {
			return false;
		}
		long version = this.orders.transition(order, OrderStatus.Action.PAY, null);
		Instant now = this.clock.instant();
		this.sla.promise(orderId, order.channel(), now);
		this.events.publishEvent(new OrderEvents.OrderPaid(OrderEvents.of(order, version, now), orderId,
				order.memberId(), new OrderEvents.Money(order.payableMinor(), order.currency()), provider, now));
		return true;
	}

	/**
	 * Confirms a paid order's stock (on-hand goes down) and redeems its promotions;
	 * repeated by a job until both partners have answered. Runs as part of the order's
	 * load-test run, if any, wherever it is called from (a payment callback, the job).
	 */
	void confirmWithPartners(String orderId) {
		TestRun.runWith(this.orders.runOf(orderId), () -> confirmWithPartnersInRun(orderId));
	}

	private void confirmWithPartnersInRun(String orderId) {
		try {
			this.partners.confirmStock(orderId);
			this.partners.redeemPromotions(orderId);
			this.jdbc.sql("update customer_order set partners_confirmed = true where order_id = ?")
				.params(orderId)
				.update();
			this.transaction.executeWithoutResult((status) -> allocate(orderId));
		}
		catch (PartnerUnavailable ex) {
			log.warn("Confirming paid order {} later: {}", orderId, ex.getMessage());
		}
		catch (PartnerRefusal ex) {
			// The hold ran out before the payment (it should not: payment is due a minute
			// before the hold ends). The shopper is refunded.
			log.error("Paid order {} lost its hold ({}); cancelling with a refund", orderId, ex.getMessage());
			this.transaction.executeWithoutResult((status) -> cancel(orderId, null, "STOCK_HOLD_EXPIRED"));
		}
	}

	/**
	 * Paid orders whose partners have not answered yet, claimed for half a minute so that
	 * replicas never confirm the same order twice at once (L13). Orders paid in the last
	 * few seconds are left to the payment callback, which confirms them itself: the job
	 * picking them up as well doubled the partner calls of one checkout in ten at peak.
	 */
	int confirmPending(int limit) {
		Instant now = this.clock.instant();
		List<String> pending = this.jdbc.sql("""
				update customer_order set job_lease_until = ?
				where order_id in (
				  select order_id from customer_order
				  where status = 'PAID' and not partners_confirmed and (job_lease_until is null or job_lease_until < ?)
				    and paid_at < ?
				  order by paid_at limit ? for update skip locked)
				returning order_id""")
			.params(Timestamp.from(now.plusSeconds(30)), Timestamp.from(now),
					Timestamp.from(now.minus(CALLBACK_CONFIRMS_FOR)), limit)
			.query(String.class)
			.list();
		pending.forEach(this::confirmWithPartners);
		return pending.size();
	}

	/**
	 * Cancels before shipment. A paid order is refunded in full; stock and coupons come
	 * back through OrderCancelled. {@code member}, when given, must own the order.
	 */
	@Transactional
	Orders.Order cancel(String orderId, @Nullable UUID member, String cause) {
		Orders.Order order = (member != null) ? this.orders.getForMember(orderId, member) : this.orders.get(orderId);
		order = this.orders.lock(order.orderId());
		if (order.status() == OrderStatus.CANCELLED) {
			return order;
		}
		OrderStatus.Action action = cause.equals("PAYMENT_TIMEOUT") ? OrderStatus.Action.EXPIRE
				: OrderStatus.Action.CANCEL;
		boolean paid = order.paidAt() != null;
		long version = this.orders.transition(order, action, cause);
		if (paid) {
			this.jdbc.sql("update customer_order set refunded_minor = payable_minor where order_id = ?")
				.params(orderId)
				.update();
		}
		Instant now = this.clock.instant();
		this.events.publishEvent(new OrderEvents.OrderCancelled(OrderEvents.of(order, version, now), orderId,
				order.memberId(), cause, now));
		if (order.points().redeemed() > 0) {
			reversePointsAfterCommit(orderId, order.testRun());
		}
		return this.orders.get(orderId);
	}

	/**
	 * A cancelled order's points go back once the cancellation is committed (no partner
	 * call holds the order's row). If the call is lost, member-service's OrderCancelled
	 * consumer gives them back all the same.
	 */
	private void reversePointsAfterCommit(String orderId, @Nullable String testRun) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public void afterCommit() {
				try {
					long restored = TestRun.callWith(testRun,
							() -> OrderLifecycle.this.partners.reversePoints(orderId));
					OrderLifecycle.this.jdbc.sql("""
							update customer_order set points_restored = points_restored + ?, points_reversed = true
							where order_id = ? and not points_reversed""").params(restored, orderId).update();
				}
				catch (PartnerUnavailable | PartnerRefusal ex) {
					log.warn("Points of cancelled order {} come back through OrderCancelled: {}", orderId,
							ex.getMessage());
				}
			}

		});
	}

	/**
	 * Orders whose payment did not come in time are cancelled (PAYMENT_TIMEOUT), each as
	 * part of its load-test run, if any (ADR-25).
	 */
	int expireUnpaid(int limit) {
		record Overdue(String orderId, @Nullable String testRun) {
		}
		List<Overdue> overdue = this.jdbc.sql("""
				select order_id, test_run from customer_order where status = 'PENDING_PAYMENT' and payment_due_at < ?
				order by payment_due_at limit ?""")
			.params(Timestamp.from(this.clock.instant()), limit)
			.query((rs, n) -> new Overdue(rs.getString(1), rs.getString(2)))
			.list();
		for (Overdue due : overdue) {
			String orderId = due.orderId();
			TestRun.runWith(due.testRun(), () -> this.transaction.executeWithoutResult((status) -> {
				// Another replica expiring the same order holds its row: leave it to it.
				boolean mine = this.jdbc
					.sql("select order_id from customer_order where order_id = ? for update skip locked")
					.params(orderId)
					.query(String.class)
					.optional()
					.isPresent();
				if (mine && this.orders.lock(orderId).status() == OrderStatus.PENDING_PAYMENT) {
					cancel(orderId, null, "PAYMENT_TIMEOUT");
				}
			}));
		}
		return overdue.size();
	}

	/**
	 * The paid order's parcels are planned from where its stock was reserved (dropship
	 * lines from their supplier), each with the cheapest carrier that keeps the delivery
	 * promise; if none can, the order is flagged at risk. A load-test run's order books
	 * no carrier and sends its suppliers no purchase order (ADR-25): its parcels are
	 * planned without carrier, and its dropship lines are only logged.
	 */
	@Transactional
	Orders.Order allocate(String orderId) {
		Orders.Order order = this.orders.lock(orderId);
		if (order.status() == OrderStatus.ALLOCATED) {
			return order;
		}
		this.orders.transition(order, OrderStatus.Action.ALLOCATE, null);
		Instant deliverBy = (order.promisedDeliveryBy() != null) ? order.promisedDeliveryBy()
				: this.clock.instant().plus(Duration.ofHours(72));
		List<Shipments.ItemToShip> items = itemsToShip(order);
		boolean real = order.testRun() == null;
		if (!this.shipments.plan(orderId, order.region(), deliverBy, items, real)) {
			this.sla.flag(orderId, "NO_CARRIER_MEETS_PROMISE");
		}
		// Dropship parcels: their suppliers get purchase orders with the parcel's label.
		for (Shipments.Shipment parcel : this.shipments.ofOrder(orderId)) {
			if (parcel.dropship() && !real) {
				log.info("Load-test run {}: no purchase order to {} for order {}", order.testRun(), parcel.source(),
						orderId);
			}
			else if (parcel.from() instanceof Source.Supplier supplier) {
				try {
					this.dropship.dropship(orderId, supplier.supplierId(), this.addresses.shipTo(order),
							parcel.trackingNumber(),
							(order.promisedDispatchBy() != null) ? order.promisedDispatchBy() : deliverBy,
							parcel.lines()
								.stream()
								.map((l) -> new PurchaseOrders.Ordered(l.sku(), l.quantity()))
								.toList());
				}
				catch (ProblemException.NotFound ex) {
					this.sla.flag(orderId, "DROPSHIP_SUPPLIER_UNKNOWN: " + parcel.source());
				}
			}
		}
		return this.orders.get(orderId);
	}

	private List<Shipments.ItemToShip> itemsToShip(Orders.Order order) {
		Map<String, Products.Product> catalogue = this.products
			.findAll(order.lines().stream().map(Orders.Line::sku).toList());
		List<Shipments.ItemToShip> items = new ArrayList<>();
		for (Orders.Line line : order.lines()) {
			Products.Product product = catalogue.get(line.sku());
			if (product != null && product.dropship()) {
				// When several suppliers can ship it, the best-graded one does.
				String supplier = this.suppliers.preferredFor(line.sku()).orElse(product.supplierId());
				items.add(new Shipments.ItemToShip(line.sku(), line.quantity(), Source.supplier(supplier)));
				continue;
			}
			int left = line.quantity();
			if (order.allocations() != null) {
				for (JsonNode allocation : order.allocations()) {
					if (allocation.path("sku").asString().equals(line.sku()) && left > 0) {
						int quantity = Math.min(left, allocation.path("quantity").asInt());
						items.add(new Shipments.ItemToShip(line.sku(), quantity,
								Source.location(allocation.path("location").asString())));
						left -= quantity;
					}
				}
			}
			if (left > 0) {
				items.add(new Shipments.ItemToShip(line.sku(), left, Source.UNALLOCATED));
			}
		}
		return items;
	}

	/** The first parcel left: the order is shipped. */
	@EventListener
	void dispatched(ShipmentEvents.Dispatched dispatched) {
		if (this.orders.get(dispatched.orderId()).status() == OrderStatus.ALLOCATED) {
			ship(dispatched.orderId());
		}
	}

	/** The last parcel arrived: the order is delivered. */
	@EventListener
	void delivered(ShipmentEvents.Delivered delivered) {
		if (this.orders.get(delivered.orderId()).status() == OrderStatus.SHIPPED) {
			deliver(delivered.orderId());
		}
	}

	@Transactional
	Orders.Order ship(String orderId) {
		Orders.Order order = this.orders.lock(orderId);
		long version = this.orders.transition(order, OrderStatus.Action.SHIP, null);
		Instant now = this.clock.instant();
		this.events.publishEvent(
				new OrderEvents.OrderShipped(OrderEvents.of(order, version, now), orderId, order.memberId(), now));
		return this.orders.get(orderId);
	}

	@Transactional
	Orders.Order deliver(String orderId) {
		Orders.Order order = this.orders.lock(orderId);
		long version = this.orders.transition(order, OrderStatus.Action.DELIVER, null);
		Instant now = this.clock.instant();
		this.events.publishEvent(new OrderEvents.OrderDelivered(OrderEvents.of(order, version, now), orderId,
				order.memberId(), new OrderEvents.Money(order.payableMinor(), order.currency()), now));
		this.sla.delivered(orderId);
		return this.orders.get(orderId);
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
		JsonNode refund = this.partners.returnLines(request.orderId(), returnId,
				request.lines().stream().map((l) -> new Partners.StockLine(l.sku(), l.quantity())).toList());
		ReturnSplit split = split(this.orders.get(request.orderId()), refund);
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
	ReturnSplit split(Orders.Order order, JsonNode refund) {
		Map<String, LineSplit> lines = new LinkedHashMap<>();
		long total = 0;
		long pointsValue = 0;
		for (JsonNode refunded : refund.path("lines")) {
			String sku = refunded.path("sku").asString();
			long refundMinor = refunded.path("refundMinor").asLong();
			total = Math.addExact(total, refundMinor);
			Orders.Line line = order.lines().stream().filter((l) -> l.sku().equals(sku)).findFirst().orElse(null);
			long part = 0;
			if (line != null && line.pointsValueMinor() > 0 && line.netMinor() > 0) {
				LineSplit before = refundedSoFar(order.orderId(), line.lineNo());
				long refundedSoFar = Math.min(line.netMinor(), Math.addExact(before.refundMinor(), refundMinor));
				long dueSoFar = java.math.BigInteger.valueOf(refundedSoFar)
					.multiply(java.math.BigInteger.valueOf(line.pointsValueMinor()))
					.divide(java.math.BigInteger.valueOf(line.netMinor()))
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
			total = refund.path("refundMinor").asLong();
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
			.query((rs, n) -> new ReturnRequest(rs.getString("return_id"), rs.getString("order_id"),
					rs.getString("status"), rs.getString("reason"),
					List.of(this.json.readValue(rs.getString("lines"), ReturnLine[].class)),
					(Long) rs.getObject("refund_minor"), (Long) rs.getObject("points_value_minor"),
					(Long) rs.getObject("points_restored")))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Return", returnId));
	}

}
