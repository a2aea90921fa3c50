package io.concord.fulfillment.ordering;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.fulfillment.partners.Partners;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Orders as stored: reads, and transitions through the lifecycle table. The shipping
 * address stays sealed here ({@link ShippingAddresses} opens it where it is needed).
 */
@Component
class Orders {

	/**
	 * A line; {@code pointsValueMinor} is its share of what points paid, so its money
	 * part is its net less that share.
	 */
	record Line(int lineNo, String sku, String name, int quantity, long unitPriceMinor, long discountMinor,
			int returnedQuantity, long pointsValueMinor) {

		long netMinor() {
			return Math.subtractExact(Math.multiplyExact(this.unitPriceMinor, this.quantity), this.discountMinor);
		}

	}

	/**
	 * An order; {@code shippingAddress} is the sealed value; {@code testRun} the
	 * load-test run that placed it (null for real orders).
	 */
	record Order(String orderId, UUID memberId, String channel, OrderStatus status, PlacementStep sagaStep,
			@Nullable JsonNode rejection, @Nullable String cancelCause, String currency, long subtotalMinor,
			long discountMinor, long shippingFeeMinor, long shippingDiscountMinor, long payableMinor,
			long refundedMinor, @Nullable JsonNode quote, String shippingAddress, @Nullable String region,
			@Nullable JsonNode couponIds, boolean usePoints, @Nullable Instant reservationExpiresAt,
			@Nullable Instant paymentDueAt, @Nullable Instant paidAt, boolean partnersConfirmed,
			@Nullable Instant shippedAt, @Nullable Instant deliveredAt, @Nullable Instant cancelledAt, long version,
			Instant createdAt, List<Partners.Allocation> allocations, @Nullable Instant promisedDispatchBy,
			@Nullable Instant promisedDeliveryBy, @Nullable Instant atRiskSince, Points points, List<Line> lines,
			@Nullable String testRun) {

		/**
		 * The promotions that applied, as the quote stored with the order recorded them.
		 */
		@Nullable JsonNode appliedPromotions() {
			return (this.quote != null) ? this.quote.path("applied") : null;
		}

	}

	/**
	 * Points as payment: asked for, debited (worth {@code valueMinor}), and given back.
	 */
	record Points(long toRedeem, long redeemed, long valueMinor, long restored) {
	}

	record Transition(OrderStatus from, OrderStatus to, String action, @Nullable String cause, Instant at) {
	}

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final ShippingAddresses addresses;

	private final Clock clock;

	Orders(JdbcTemplate jdbc, JsonMapper json, ShippingAddresses addresses, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.addresses = addresses;
		this.clock = clock;
	}

	/** What a new order stores as its shipping address. */
	String sealShippingAddress(String orderId, JsonNode address) {
		return this.addresses.seal(orderId, address);
	}

	Optional<Order> find(String orderId) {
		return this.jdbc.sql("select * from customer_order where order_id = ?")
			.params(orderId)
			.query(this::order)
			.optional()
			.map(this::withLines);
	}

	/**
	 * Whether the order was priced and paid on an external platform (a connector's
	 * order): no promotion is locked or redeemed for it at promotion-service.
	 */
	boolean pricedByPlatform(String orderId) {
		return this.jdbc.sql("select priced_by_platform from customer_order where order_id = ?")
			.params(orderId)
			.query(Boolean.class)
			.optional()
			.orElse(false);
	}

	Order get(String orderId) {
		return find(orderId).orElseThrow(() -> new ProblemException.NotFound("Order", orderId));
	}

	/** A member sees only their own orders: another's is "not found". */
	Order getForMember(String orderId, UUID memberId) {
		Order order = get(orderId);
		if (!order.memberId().equals(memberId) || order.status() == OrderStatus.PLACING) {
			throw new ProblemException.NotFound("Order", orderId);
		}
		return order;
	}

	List<Order> ofMember(UUID memberId) {
		return this.jdbc
			.sql("select * from customer_order where member_id = ? and status not in ('PLACING', 'REJECTED') "
					+ "order by created_at desc limit 100")
			.params(memberId)
			.query(this::order)
			.list()
			.stream()
			.map(this::withLines)
			.toList();
	}

	/**
	 * What ops search orders by; every criterion is optional. {@code placedFrom}
	 * inclusive, {@code placedBefore} exclusive.
	 */
	record Search(@Nullable OrderStatus status, @Nullable String channel, @Nullable UUID memberId,
			@Nullable Instant placedFrom, @Nullable Instant placedBefore, int limit, @Nullable String testRun) {
	}

	/** Orders matching the search, newest first: real ones, or one load-test run's. */
	List<Order> search(Search search) {
		StringBuilder sql = new StringBuilder("select * from customer_order where test_run is not distinct from ?");
		List<Object> params = new ArrayList<>();
		params.add(search.testRun());
		if (search.status() != null) {
			sql.append(" and status = ?");
			params.add(search.status().name());
		}
		if (search.channel() != null) {
			sql.append(" and channel = ?");
			params.add(search.channel());
		}
		if (search.memberId() != null) {
			sql.append(" and member_id = ?");
			params.add(search.memberId());
		}
		if (search.placedFrom() != null) {
			sql.append(" and created_at >= ?");
			params.add(Timestamp.from(search.placedFrom()));
		}
		if (search.placedBefore() != null) {
			sql.append(" and created_at < ?");
			params.add(Timestamp.from(search.placedBefore()));
		}
		sql.append(" order by created_at desc limit ?");
		params.add(search.limit());
		return this.jdbc.sql(sql.toString())
			.params(params)
			.query(this::order)
			.list()
			.stream()
			.map(this::withLines)
			.toList();
	}

	/**
	 * The load-test run an order belongs to (null for a real or unknown order): work on
	 * it outside a tagged request binds it ({@link io.concord.platform.web.TestRun}), so
	 * its events go to the shadow topics and partner calls carry the tag (ADR-25).
	 */
	@Nullable String runOf(String orderId) {
		return this.jdbc.sql("select test_run from customer_order where order_id = ?")
			.params(orderId)
			.query(String.class)
			.optional()
			.orElse(null);
	}

	/** Locks the order's row for the rest of the transaction. */
	Order lock(String orderId) {
		if (this.jdbc.sql("select order_id from customer_order where order_id = ? for update")
			.params(orderId)
			.query(String.class)
			.optional()
			.isEmpty()) {
			throw new ProblemException.NotFound("Order", orderId);
		}
		return get(orderId);
	}

	/**
	 * Moves a locked order by the lifecycle table, recording the transition; refused with
	 * 409 {@code invalid-transition} when the table does not allow it. Returns the new
	 * version.
	 */
	long transition(Order order, OrderStatus.Action action, @Nullable String cause) {
		OrderStatus to = order.status()
			.after(action)
			.orElseThrow(
					() -> new ProblemException.Conflict(ProblemTypes.of("invalid-transition"), "Invalid transition",
							"Order " + order.orderId() + " is " + order.status() + "; it cannot "
									+ action.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
						.with("status", order.status().name())
						.with("action", action.name()));
		Instant now = this.clock.instant();
		String timestampColumn = switch (to) {
			case PAID -> "paid_at";
			case SHIPPED -> "shipped_at";
			case DELIVERED -> (order.status() == OrderStatus.SHIPPED) ? "delivered_at" : null;
			case CANCELLED -> "cancelled_at";
			default -> null;
		};
		List<Object> params = new ArrayList<>();
		params.add(to.name());
		params.add((to == OrderStatus.CANCELLED) ? cause : null);
		params.add(Timestamp.from(now));
		if (timestampColumn != null) {
			params.add(Timestamp.from(now));
		}
		params.add(order.orderId());
		params.add(order.status().name());
		long version = this.jdbc
			.sql("""
					update customer_order set status = ?, cancel_cause = coalesce(?, cancel_cause), version = version + 1,
					  updated_at = ?%s where order_id = ? and status = ? returning version"""
				.formatted((timestampColumn != null) ? ", " + timestampColumn + " = ?" : ""))
			.params(params)
			.query(Long.class)
			.single();
		this.jdbc.sql("""
				insert into order_transition (order_id, from_status, to_status, action, cause, at)
				values (?, ?, ?, ?, ?, ?)""")
			.params(order.orderId(), order.status().name(), to.name(), action.name(), cause, Timestamp.from(now))
			.update();
		this.addresses.moved(order.orderId(), order.memberId(), to);
		return version;
	}

	List<Transition> history(String orderId) {
		return this.jdbc.sql(
				"select from_status, to_status, action, cause, at from order_transition where order_id = ? order by id")
			.params(orderId)
			.query((rs, n) -> new Transition(OrderStatus.valueOf(rs.getString("from_status")),
					OrderStatus.valueOf(rs.getString("to_status")), rs.getString("action"), rs.getString("cause"),
					rs.getTimestamp("at").toInstant()))
			.list();
	}

	private Order withLines(Order order) {
		List<Line> lines = this.jdbc.sql("select * from order_line where order_id = ? order by line_no")
			.params(order.orderId())
			.query((rs, n) -> new Line(rs.getInt("line_no"), rs.getString("sku"), rs.getString("name"),
					rs.getInt("quantity"), rs.getLong("unit_price_minor"), rs.getLong("discount_minor"),
					rs.getInt("returned_quantity"), rs.getLong("points_value_minor")))
			.list();
		return new Order(order.orderId(), order.memberId(), order.channel(), order.status(), order.sagaStep(),
				order.rejection(), order.cancelCause(), order.currency(), order.subtotalMinor(), order.discountMinor(),
				order.shippingFeeMinor(), order.shippingDiscountMinor(), order.payableMinor(), order.refundedMinor(),
				order.quote(), order.shippingAddress(), order.region(), order.couponIds(), order.usePoints(),
				order.reservationExpiresAt(), order.paymentDueAt(), order.paidAt(), order.partnersConfirmed(),
				order.shippedAt(), order.deliveredAt(), order.cancelledAt(), order.version(), order.createdAt(),
				order.allocations(), order.promisedDispatchBy(), order.promisedDeliveryBy(), order.atRiskSince(),
				order.points(), lines, order.testRun());
	}

	private Order order(ResultSet rs, int row) throws SQLException {
		return new Order(rs.getString("order_id"), rs.getObject("member_id", UUID.class), rs.getString("channel"),
				OrderStatus.valueOf(rs.getString("status")), PlacementStep.valueOf(rs.getString("saga_step")),
				json(rs, "rejection"), rs.getString("cancel_cause"), rs.getString("currency"),
				rs.getLong("subtotal_minor"), rs.getLong("discount_minor"), rs.getLong("shipping_fee_minor"),
				rs.getLong("shipping_discount_minor"), rs.getLong("payable_minor"), rs.getLong("refunded_minor"),
				json(rs, "quote"), rs.getString("shipping_address"), rs.getString("region"), json(rs, "coupon_ids"),
				rs.getBoolean("use_points"), instant(rs, "reservation_expires_at"), instant(rs, "payment_due_at"),
				instant(rs, "paid_at"), rs.getBoolean("partners_confirmed"), instant(rs, "shipped_at"),
				instant(rs, "delivered_at"), instant(rs, "cancelled_at"), rs.getLong("version"),
				rs.getTimestamp("created_at").toInstant(), allocations(rs), instant(rs, "promised_dispatch_by"),
				instant(rs, "promised_delivery_by"), instant(rs, "at_risk_since"),
				new Points(rs.getLong("points_to_redeem"), rs.getLong("points_redeemed"),
						rs.getLong("points_value_minor"), rs.getLong("points_restored")),
				List.of(), rs.getString("test_run"));
	}

	/** Where inventory reserved the order's units (none before it did). */
	private List<Partners.Allocation> allocations(ResultSet rs) throws SQLException {
		String text = rs.getString("allocations");
		return (text != null) ? List.of(this.json.readValue(text, Partners.Allocation[].class)) : List.of();
	}

	private @Nullable JsonNode json(ResultSet rs, String column) throws SQLException {
		String text = rs.getString(column);
		return (text != null) ? this.json.readTree(text) : null;
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
