package io.concord.fulfillment.ordering;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.catalog.ShippingFee;
import io.concord.fulfillment.partners.PartnerRefusal;
import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.instances.ServiceInstances;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Placing an order: a saga over two services, persisted after every step.
 *
 * <ol>
 * <li>NEW: the order and its lines exist (PLACING), priced from the catalogue.
 * <li>Reserve stock at inventory-service: a refusal rejects the order naming the short
 * lines; STOCK_RESERVED is stored.
 * <li>Price and lock at promotion-service (coupons, budgets): a refusal releases the
 * stock and rejects the order naming the coupon.
 * <li>If the shopper pays with points, redeem them at member-service against the quote's
 * payable (the server's, never the shopper's: security review M10); POINTS_REDEEMED is
 * stored with what they paid. A refusal (balance, cap, currency) releases promotions and
 * stock and rejects the order with member-service's problem.
 * <li>The order is PENDING_PAYMENT with the exact payable amount less the points value,
 * spread over the lines (OrderPlaced).
 * </ol>
 * Every call is idempotent by order id at the partner, so {@link #advance} can run a step
 * again: after a crash the recovery job resumes interrupted placements from their stored
 * step, and compensates (releases stock and promotions) those it cannot finish. Stock is
 * reserved before coupons are locked: stock is what runs out at peak, and an order that
 * cannot be served should not hold a coupon or budget even for a moment.
 *
 * <p>
 * One checkout is one order (security review H2, M7): the order is stored under the
 * member's {@code Idempotency-Key}, so a retry of the same checkout, whatever happened to
 * the first attempt, finds that order and answers with its outcome (resuming it if it is
 * still being placed) instead of placing another. The instance placing an order owns it
 * ({@code placing_owner}); if that instance dies, a retry or the recovery job takes the
 * placement over as soon as its heartbeat is stale. A placement that answered 503 (a
 * partner is down) is abandoned: unless its checkout is retried within
 * {@code concord.fulfillment.recovery.abandoned-after}, the recovery job releases what it
 * holds and rejects it.
 */
@Component
class OrderPlacement {

	private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

	record PlaceOrder(String channel, List<Partners.StockLine> lines, JsonNode shippingAddress, @Nullable String region,
			@Nullable List<UUID> couponIds, boolean usePoints, long pointsToRedeem) {
	}

	/** Test seam: runs between steps, where a crash would leave a placement half done. */
	interface Checkpoint {

		void reached(String orderId, String step);

	}

	private final Orders orders;

	private final Products products;

	private final Partners partners;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final OrderPolicy policy;

	private final Checkpoint checkpoint;

	private final ServiceInstances instances;

	private final Recovery recovery;

	private final ShippingFee shippingFee;

	OrderPlacement(Orders orders, Products products, Partners partners, JdbcTemplate jdbc, JsonMapper json,
			PlatformTransactionManager transactions, ApplicationEventPublisher events, Clock clock, OrderPolicy policy,
			org.springframework.beans.factory.ObjectProvider<Checkpoint> checkpoint, ServiceInstances instances,
			Recovery recovery, ShippingFee shippingFee) {
		this.instances = instances;
		this.shippingFee = shippingFee;
		this.recovery = recovery;
		this.orders = orders;
		this.products = products;
		this.partners = partners;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
		this.events = events;
		this.clock = clock;
		this.policy = policy;
		this.checkpoint = checkpoint.getIfAvailable(() -> (orderId, step) -> {
		});
	}

	/**
	 * Places the member's checkout {@code checkoutKey} (the {@code Idempotency-Key}):
	 * PENDING_PAYMENT, or a problem naming the cause; the same answer, without a second
	 * order, for every retry of that checkout.
	 */
	Orders.Order place(UUID memberId, String checkoutKey, PlaceOrder command) {
		String requestHash = requestHash(command);
		Optional<String> existing = orderOfCheckout(memberId, checkoutKey);
		if (existing.isPresent()) {
			return retried(existing.get(), requestHash);
		}
		Map<String, Integer> quantities = new LinkedHashMap<>();
		command.lines().forEach((line) -> quantities.merge(line.sku(), line.quantity(), Integer::sum));
		Map<String, Products.Product> catalogue = this.products.findAll(quantities.keySet());
		List<String> unknown = quantities.keySet().stream().filter((sku) -> !catalogue.containsKey(sku)).toList();
		if (!unknown.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("unknown-product"), "Unknown product",
					"Not for sale: " + unknown)
				.with("skus", unknown);
		}
		List<String> currencies = catalogue.values().stream().map(Products.Product::currency).distinct().toList();
		if (currencies.size() > 1) {
			throw new ProblemException.Unprocessable(
					"An order is in one currency; these products are in " + currencies);
		}
		String orderId = "ORD-" + UUID.randomUUID();
		Instant now = this.clock.instant();
		boolean inserted = Boolean.TRUE.equals(this.transaction.execute((status) -> {
			int rows = this.jdbc.sql("""
					insert into customer_order (order_id, member_id, channel, status, saga_step, currency,
					  shipping_address, region, coupon_ids, use_points, shipping_fee_minor, created_at, updated_at,
					  checkout_key, request_hash, placing_owner, points_to_redeem)
					values (?, ?, ?, 'PLACING', ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
					on conflict (member_id, checkout_key) where checkout_key is not null do nothing""")
				.params(orderId, memberId, command.channel(), PlacementStep.NEW.name(), currencies.get(0),
						this.orders.sealShippingAddress(orderId, command.shippingAddress()), command.region(),
						(command.couponIds() != null) ? this.json.writeValueAsString(command.couponIds()) : null,
						command.usePoints(), this.shippingFee.minor(), Timestamp.from(now), Timestamp.from(now),
						checkoutKey, requestHash, this.instances.id(), command.pointsToRedeem())
				.update();
			if (rows == 0) {
				return false; // the same checkout, placed concurrently
			}
			int lineNo = 1;
			for (Map.Entry<String, Integer> line : quantities.entrySet()) {
				Products.Product product = catalogue.get(line.getKey());
				this.jdbc.sql("""
						insert into order_line (order_id, line_no, sku, name, quantity, unit_price_minor)
						values (?, ?, ?, ?, ?, ?)""")
					.params(orderId, lineNo++, product.sku(), product.name(), line.getValue(), product.unitPriceMinor())
					.update();
			}
			return true;
		}));
		if (!inserted) {
			return retried(orderOfCheckout(memberId, checkoutKey).orElseThrow(), requestHash);
		}
		return advanceAnswering(orderId);
	}

	/**
	 * The order of a checkout already started under this key, answered as a retry of it
	 * would be ({@link #retried}); empty for a new checkout. A cart's checkout asks this
	 * first: once placed, the cart it was built from is gone.
	 */
	Optional<Orders.Order> startedCheckout(UUID memberId, String checkoutKey) {
		return orderOfCheckout(memberId, checkoutKey).map((orderId) -> retried(orderId, null));
	}

	/**
	 * A retry of a checkout: its order as it stands (PENDING_PAYMENT and on), the refusal
	 * it got, or its placement resumed here if nobody is placing it any more.
	 * {@code requestHash} null: any request of this checkout.
	 */
	private Orders.Order retried(String orderId, @Nullable String requestHash) {
		Orders.Order order = this.orders.get(orderId);
		String storedHash = this.jdbc.sql("select request_hash from customer_order where order_id = ?")
			.params(orderId)
			.query(String.class)
			.optional()
			.orElse(requestHash);
		if (requestHash != null && !requestHash.equals(storedHash)) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, ProblemTypes.IDEMPOTENCY_KEY_REUSED,
					"Idempotency-Key reused", "This Idempotency-Key was already used for a different checkout.");
		}
		if (order.status() == OrderStatus.REJECTED) {
			throw rejection(orderId, (order.rejection() != null) ? order.rejection() : this.json.createObjectNode());
		}
		if (order.status() != OrderStatus.PLACING) {
			return order;
		}
		if (!claimPlacement(orderId)) {
			throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_FLIGHT,
					"Request in progress", "This checkout is still being placed; retry shortly.")
				.with("orderId", orderId)
				.with("retryAfterSeconds", 1);
		}
		return advanceAnswering(orderId);
	}

	/**
	 * Takes over a placement nobody is working on: this instance's own, an abandoned one,
	 * one whose instance is gone, or one idle too long.
	 */
	private boolean claimPlacement(String orderId) {
		return this.jdbc
			.sql("""
					update customer_order set placing_owner = ?, abandoned_at = null, updated_at = ?
					where order_id = ? and status = 'PLACING'
					  and (placing_owner = ? or abandoned_at is not null or updated_at < ? or %s)"""
				.formatted(this.instances.ownerGone("placing_owner")))
			.params(this.instances.id(), Timestamp.from(this.clock.instant()), orderId, this.instances.id(),
					Timestamp.from(this.clock.instant().minus(this.recovery.idle())))
			.update() == 1;
	}

	private Optional<String> orderOfCheckout(UUID memberId, String checkoutKey) {
		return this.jdbc.sql("select order_id from customer_order where member_id = ? and checkout_key = ?")
			.params(memberId, checkoutKey)
			.query(String.class)
			.optional();
	}

	/** What makes two checkouts with one key the same checkout. */
	private String requestHash(PlaceOrder command) {
		try {
			java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
			digest.update(this.json.writeValueAsBytes(command));
			return java.util.HexFormat.of().formatHex(digest.digest());
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@link #advance} for a shopper waiting on the answer: an outage answers 503 and
	 * leaves the placement abandoned (released by the recovery job unless the checkout is
	 * retried in time).
	 */
	private Orders.Order advanceAnswering(String orderId) {
		try {
			return advance(orderId);
		}
		catch (PartnerUnavailable outage) {
			log.warn("Placing {} interrupted: {}", orderId, outage.getMessage());
			this.jdbc.sql("update customer_order set abandoned_at = ? where order_id = ? and status = 'PLACING'")
				.params(Timestamp.from(this.clock.instant()), orderId)
				.update();
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("order-placement-unavailable"),
					"Order placement unavailable",
					"The order is not placed yet and nothing was charged. Retry the checkout with the same "
							+ "Idempotency-Key to complete it; if it is not retried within "
							+ this.recovery.abandonedAfter().toSeconds() + " s, whatever it holds is released.")
				.with("orderId", orderId)
				.with("retryAfterSeconds", 5);
		}
	}

	/**
	 * Runs the placement from its stored step to the end: PENDING_PAYMENT, or REJECTED
	 * with everything held released (thrown as the refusal). An outage leaves the order
	 * PLACING and throws {@link PartnerUnavailable}. Runs as part of the order's
	 * load-test run, if any (a resumed placement calls the partners as the checkout did).
	 */
	Orders.Order advance(String orderId) {
		Orders.Order order = this.orders.get(orderId);
		if (order.status() != OrderStatus.PLACING) {
			return order;
		}
		return TestRun.callWith(order.testRun(), () -> advanceInRun(order));
	}

	private Orders.Order advanceInRun(Orders.Order placing) {
		Orders.Order order = placing;
		String orderId = order.orderId();
		try {
			if (order.sagaStep() == PlacementStep.NEW) {
				Partners.Reservation reservation = this.partners.reserve(orderId, order.channel(), order.region(),
						order.lines().stream().map((l) -> new Partners.StockLine(l.sku(), l.quantity())).toList(),
						this.policy.stockHoldFor(order.channel()));
				this.jdbc
					.sql("""
							update customer_order set saga_step = ?, reservation_expires_at = ?,
							  allocations = ?::jsonb, updated_at = ? where order_id = ? and %s"""
						.formatted(PlacementStep.storedBefore(PlacementStep.STOCK_RESERVED)))
					.params(PlacementStep.STOCK_RESERVED.name(), Timestamp.from(reservation.expiresAt()),
							this.json.writeValueAsString(reservation.allocations()),
							Timestamp.from(this.clock.instant()), orderId)
					.update();
				this.checkpoint.reached(orderId, PlacementStep.STOCK_RESERVED.name());
				order = this.orders.get(orderId);
			}
			Map<String, Products.Product> catalogue = this.products
				.findAll(order.lines().stream().map(Orders.Line::sku).toList());
			Partners.PromotionLock locked = this.partners.lockPromotions(orderId, order.memberId(),
					new Partners.Cart(order.channel(), order.currency(),
							order.lines()
								.stream()
								.map((l) -> new Partners.PricedLine(l.sku(), l.quantity(), l.unitPriceMinor(),
										catalogue.containsKey(l.sku()) ? catalogue.get(l.sku()).category() : null,
										catalogue.containsKey(l.sku()) ? catalogue.get(l.sku()).brand() : null))
								.toList(),
							order.shippingFeeMinor(), order.usePoints(), couponIds(order)));
			this.checkpoint.reached(orderId, "PROMOTIONS_LOCKED");
			if (order.points().toRedeem() > 0 && order.sagaStep() != PlacementStep.POINTS_REDEEMED) {
				// Idempotent by order id at member-service: a resumed placement gets the
				// same redemption, never a second debit.
				Partners.PointsRedemption points = this.partners.redeemPoints(orderId, order.memberId(),
						order.points().toRedeem(), locked.quote().payableMinor(), order.currency());
				this.jdbc
					.sql("""
							update customer_order set saga_step = ?, points_redeemed = ?,
							  points_value_minor = ?, updated_at = ? where order_id = ? and %s"""
						.formatted(PlacementStep.storedBefore(PlacementStep.POINTS_REDEEMED)))
					.params(PlacementStep.POINTS_REDEEMED.name(), points.points(), points.valueMinor(),
							Timestamp.from(this.clock.instant()), orderId)
					.update();
				this.checkpoint.reached(orderId, PlacementStep.POINTS_REDEEMED.name());
				order = this.orders.get(orderId);
			}
			return placed(order, locked);
		}
		catch (PartnerRefusal refusal) {
			compensate(order);
			JsonNode problem = refusal.problem().deepCopy();
			if (problem instanceof tools.jackson.databind.node.ObjectNode fields) {
				fields.put("status", refusal.status());
				fields.put("detail", refusal.getMessage());
			}
			reject(orderId, problem);
			throw rejection(orderId, problem);
		}
	}

	private @Nullable List<UUID> couponIds(Orders.Order order) {
		if (order.couponIds() == null) {
			return null;
		}
		List<UUID> ids = new ArrayList<>();
		order.couponIds().forEach((id) -> ids.add(UUID.fromString(id.asString())));
		return ids;
	}

	private Orders.Order placed(Orders.Order order, Partners.PromotionLock locked) {
		Instant now = this.clock.instant();
		Instant paymentDue = this.policy.paymentDue(order.channel(), now, order.reservationExpiresAt());
		Partners.PromotionQuote quote = locked.quote();
		this.transaction.executeWithoutResult((status) -> {
			int updated = this.jdbc
				.sql("""
						update customer_order set status = 'PENDING_PAYMENT', saga_step = ?, quote = ?::jsonb,
						  subtotal_minor = ?, discount_minor = ?, shipping_discount_minor = ?, payable_minor = ?,
						  payment_due_at = ?, version = version + 1, updated_at = ?
						where order_id = ? and status = 'PLACING' and %s"""
					.formatted(PlacementStep.storedBefore(PlacementStep.DONE)))
				.params(PlacementStep.DONE.name(), this.json.writeValueAsString(locked.asQuoted()),
						quote.subtotalMinor(), quote.discountMinor(), quote.shippingDiscountMinor(),
						Math.subtractExact(quote.payableMinor(), order.points().valueMinor()),
						Timestamp.from(paymentDue), Timestamp.from(now), order.orderId())
				.update();
			if (updated == 0) {
				return;
			}
			List<Partners.QuotedLine> lines = quote.lines();
			long[] nets = new long[lines.size()];
			for (int i = 0; i < lines.size(); i++) {
				nets[i] = Math.max(0, Math.subtractExact(lines.get(i).grossMinor(), lines.get(i).discountMinor()));
			}
			long[] pointsShares = PointsShares.spread(order.points().valueMinor(), nets);
			for (int i = 0; i < lines.size(); i++) {
				this.jdbc.sql(
						"update order_line set discount_minor = ?, points_value_minor = ? where order_id = ? and sku = ?")
					.params(lines.get(i).discountMinor(), pointsShares[i], order.orderId(), lines.get(i).sku())
					.update();
			}
			this.jdbc.sql("""
					insert into order_transition (order_id, from_status, to_status, action, at)
					values (?, 'PLACING', 'PENDING_PAYMENT', 'PLACE', ?)""")
				.params(order.orderId(), Timestamp.from(now))
				.update();
			Orders.Order pending = this.orders.get(order.orderId());
			this.events.publishEvent(new OrderEvents.OrderPlaced(OrderEvents.of(pending, pending.version(), now),
					order.orderId(), order.memberId(), order.channel(),
					pending.lines()
						.stream()
						.map((l) -> new OrderEvents.Line(l.sku(), l.quantity(), l.unitPriceMinor(), l.discountMinor()))
						.toList(),
					new OrderEvents.Money(pending.payableMinor(), pending.currency()),
					(pending.points().valueMinor() > 0)
							? new OrderEvents.Money(pending.points().valueMinor(), pending.currency()) : null,
					paymentDue, now));
		});
		return this.orders.get(order.orderId());
	}

	/**
	 * Gives back whatever the placement may hold; every call is harmless if nothing is.
	 * Points first: a reversal that finds nothing also closes the order to a redemption
	 * still in flight.
	 */
	void compensate(Orders.Order order) {
		if (order.points().toRedeem() > 0) {
			this.partners.reversePoints(order.orderId());
		}
		this.partners.releasePromotions(order.orderId());
		this.partners.releaseStock(order.orderId());
	}

	void reject(String orderId, JsonNode problem) {
		this.jdbc
			.sql("""
					update customer_order set status = 'REJECTED', saga_step = ?, rejection = ?::jsonb,
					  updated_at = ? where order_id = ? and status = 'PLACING' and %s"""
				.formatted(PlacementStep.storedBefore(PlacementStep.COMPENSATED)))
			.params(PlacementStep.COMPENSATED.name(), this.json.writeValueAsString(problem),
					Timestamp.from(this.clock.instant()), orderId)
			.update();
	}

	/**
	 * The refusal an order got, as stored, passed on to the shopper with the order id (a
	 * retried checkout gets the same answer).
	 */
	private static ProblemException rejection(String orderId, JsonNode problem) {
		HttpStatus status = HttpStatus.resolve(problem.path("status").asInt(409));
		ProblemException rejected = new ProblemException(
				(status != null && status.is4xxClientError()) ? status : HttpStatus.CONFLICT,
				URI.create(problem.path("type").asString(ProblemTypes.BUSINESS_RULE.toString())),
				problem.path("title").asString("Order rejected"),
				"Order " + orderId + " was not placed: " + problem.path("detail").asString("refused"))
			.with("orderId", orderId);
		for (String field : List.of("shortLines", "coupons", "couponIds", "couponId", "promotionId", "balance",
				"maxPoints", "maxValueMinor")) {
			if (problem.has(field)) {
				rejected = rejected.with(field, problem.get(field));
			}
		}
		return rejected;
	}

	/**
	 * Placements nobody finishes, claimed so that replicas never work on the same one:
	 * those whose instance is gone (a crash: resumed, so a retry of the checkout finds it
	 * placed), those idle too long (resumed), and those abandoned after a 503 and not
	 * retried in time, or too old to finish (released and rejected).
	 */
	int recover() {
		return recover(this.recovery);
	}

	int recover(Recovery policy) {
		Instant now = this.clock.instant();
		record Claimed(String orderId, boolean release) {
		}
		List<Claimed> claimed = this.jdbc
			.sql("""
					update customer_order set placing_owner = ?, updated_at = ?
					where order_id in (
					  select order_id from customer_order
					  where status = 'PLACING'
					    and ((abandoned_at is not null and abandoned_at < ?) or updated_at < ? or %s)
					  order by updated_at limit 100 for update skip locked)
					returning order_id, (abandoned_at is not null and abandoned_at < ?) or created_at < ?"""
				.formatted(this.instances.ownerGone("placing_owner")))
			.params(this.instances.id(), Timestamp.from(now), Timestamp.from(now.minus(policy.abandonedAfter())),
					Timestamp.from(now.minus(policy.idle())), Timestamp.from(now.minus(policy.abandonedAfter())),
					Timestamp.from(now.minus(policy.giveUpAfter())))
			.query((rs, n) -> new Claimed(rs.getString(1), rs.getBoolean(2)))
			.list();
		for (Claimed placement : claimed) {
			Orders.Order order = this.orders.get(placement.orderId());
			// A run's placement is released or resumed as part of its run (ADR-25).
			TestRun.runWith(order.testRun(), () -> recover(order, placement.release()));
		}
		return claimed.size();
	}

	private void recover(Orders.Order order, boolean release) {
		try {
			if (release) {
				compensate(order);
				reject(order.orderId(),
						this.json.createObjectNode()
							.put("type", ProblemTypes.of("order-placement-interrupted").toString())
							.put("title", "Order placement interrupted")
							.put("status", 409)
							.put("detail", "its placement was interrupted and everything it held was released; "
									+ "place the order again with a new Idempotency-Key"));
			}
			else {
				advance(order.orderId());
			}
		}
		catch (ProblemException | PartnerUnavailable ex) {
			log.info("Recovering {}: {}", order.orderId(), ex.getMessage());
		}
	}

	/**
	 * @param idle how long a placement may make no progress before anyone may take it
	 * over
	 * @param abandonedAfter how long a placement answered with 503 waits for its checkout
	 * to be retried before what it holds is released
	 * @param giveUpAfter the oldest a placement may be and still be completed
	 */
	@org.springframework.boot.context.properties.ConfigurationProperties("concord.fulfillment.recovery")
	record Recovery(@org.springframework.boot.context.properties.bind.DefaultValue("30s") Duration idle,
			@org.springframework.boot.context.properties.bind.DefaultValue("30s") Duration abandonedAfter,
			@org.springframework.boot.context.properties.bind.DefaultValue("10m") Duration giveUpAfter) {
	}

}
