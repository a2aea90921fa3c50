package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.catalog.ShippingFee;
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

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Placing an order: a saga over inventory, promotion and member points, persisted after
 * every step ({@link PlacementStep}).
 *
 * <ol>
 * <li>NEW: the order and its lines exist (PLACING), priced from the catalogue.
 * <li>Reserve stock at inventory-service: a refusal rejects the order naming the short
 * lines; STOCK_RESERVED is stored.
 * <li>Price and lock at promotion-service (coupons, budgets): a refusal releases the
 * stock and rejects the order naming the coupon. promotion-service is the price
 * authority: each line keeps the unit price the lock quoted (the catalogue price is only
 * its fallback for a SKU without a price entry).
 * <li>If the shopper pays with points, redeem them at member-service against the quote's
 * payable (the server's, never the shopper's: security review M10); POINTS_REDEEMED is
 * stored with what they paid. A refusal (balance, cap, currency) releases promotions and
 * stock and rejects the order with member-service's problem.
 * <li>The order is PENDING_PAYMENT with the exact payable amount less the points value,
 * spread over the lines (OrderPlaced).
 * </ol>
 * The steps themselves are {@link PlacementSaga}'s. Every call is idempotent by order id
 * at the partner, so a step can run again: after a crash the recovery job resumes
 * interrupted placements from their stored step, and compensates (releases stock and
 * promotions) those it cannot finish. Stock is reserved before coupons are locked: stock
 * is what runs out at peak, and an order that cannot be served should not hold a coupon
 * or budget even for a moment.
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

	private final PlacementSaga saga;

	private final Products products;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final Clock clock;

	private final ServiceInstances instances;

	private final Recovery recovery;

	private final ShippingFee shippingFee;

	private final PlacementHistory history;

	OrderPlacement(Orders orders, PlacementSaga saga, Products products, JdbcTemplate jdbc, JsonMapper json,
			PlatformTransactionManager transactions, Clock clock, ServiceInstances instances, Recovery recovery,
			ShippingFee shippingFee, PlacementHistory history) {
		this.history = history;
		this.orders = orders;
		this.saga = saga;
		this.products = products;
		this.jdbc = JdbcClient.create(jdbc);
		this.json = json;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
		this.instances = instances;
		this.recovery = recovery;
		this.shippingFee = shippingFee;
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
			this.history.record(orderId, PlacementStep.NEW.name(), PlacementHistory.Outcome.COMPLETED,
					"checkout on " + command.channel());
			return true;
		}));
		if (!inserted) {
			return retried(orderOfCheckout(memberId, checkoutKey).orElseThrow(), requestHash);
		}
		return advanceAnswering(orderId);
	}

	/**
	 * An order priced and paid on an external platform ({@link ChannelOrders}): its lines
	 * at the platform's unit prices and discounts, the rest of what the buyer paid as its
	 * shipping fee, and the platform's dispatch promise.
	 */
	record PlatformPriced(String channel, List<PlatformPricedLine> lines, long shippingFeeMinor, String currency,
			JsonNode shippingAddress, @Nullable String region, Duration dispatchWithin) {
	}

	record PlatformPricedLine(String sku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	/**
	 * Places a platform's order through the same saga as a checkout, once per
	 * {@code checkoutKey}: a repeat finds the order and answers its outcome (resuming it
	 * if nobody is placing it). The saga locks no promotion for it
	 * ({@code priced_by_platform}). An outage throws {@link PartnerUnavailable} and
	 * leaves the placement to be resumed (by a repeat or the recovery job), not
	 * abandoned: the platform already sold it, so there is no shopper to retry.
	 */
	Orders.Order placePlatformPriced(UUID buyer, String checkoutKey, PlatformPriced command) {
		Optional<String> existing = orderOfCheckout(buyer, checkoutKey);
		if (existing.isPresent()) {
			return resumed(existing.get());
		}
		Map<String, Products.Product> catalogue = this.products
			.findAll(command.lines().stream().map(PlatformPricedLine::sku).distinct().toList());
		List<String> unknown = command.lines()
			.stream()
			.map(PlatformPricedLine::sku)
			.filter((sku) -> !catalogue.containsKey(sku))
			.distinct()
			.toList();
		if (!unknown.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("unknown-product"), "Unknown product",
					"Not for sale: " + unknown)
				.with("skus", unknown);
		}
		String orderId = "ORD-" + UUID.randomUUID();
		Instant now = this.clock.instant();
		boolean inserted = Boolean.TRUE.equals(this.transaction.execute((status) -> {
			int rows = this.jdbc.sql("""
					insert into customer_order (order_id, member_id, channel, status, saga_step, currency,
					  shipping_address, region, coupon_ids, use_points, shipping_fee_minor, created_at, updated_at,
					  checkout_key, request_hash, placing_owner, points_to_redeem, priced_by_platform,
					  dispatch_within_seconds)
					values (?, ?, ?, 'PLACING', ?, ?, ?, ?, null, false, ?, ?, ?, ?, null, ?, 0, true, ?)
					on conflict (member_id, checkout_key) where checkout_key is not null do nothing""")
				.params(orderId, buyer, command.channel(), PlacementStep.NEW.name(), command.currency(),
						this.orders.sealShippingAddress(orderId, command.shippingAddress()), command.region(),
						command.shippingFeeMinor(), Timestamp.from(now), Timestamp.from(now), checkoutKey,
						this.instances.id(), Math.toIntExact(command.dispatchWithin().toSeconds()))
				.update();
			if (rows == 0) {
				return false;
			}
			int lineNo = 1;
			for (PlatformPricedLine line : command.lines()) {
				this.jdbc
					.sql("""
							insert into order_line (order_id, line_no, sku, name, quantity, unit_price_minor, discount_minor)
							values (?, ?, ?, ?, ?, ?, ?)""")
					.params(orderId, lineNo++, line.sku(), catalogue.get(line.sku()).name(), line.quantity(),
							line.unitPriceMinor(), line.discountMinor())
					.update();
			}
			this.history.record(orderId, PlacementStep.NEW.name(), PlacementHistory.Outcome.COMPLETED,
					"platform order on " + command.channel());
			return true;
		}));
		if (!inserted) {
			return resumed(orderOfCheckout(buyer, checkoutKey).orElseThrow());
		}
		return this.saga.advance(orderId);
	}

	/** A platform order already started: its outcome, resumed if nobody is placing it. */
	private Orders.Order resumed(String orderId) {
		Orders.Order order = this.orders.get(orderId);
		if (order.status() == OrderStatus.REJECTED) {
			throw PlacementSaga.rejection(orderId,
					(order.rejection() != null) ? order.rejection() : this.json.createObjectNode());
		}
		if (order.status() != OrderStatus.PLACING) {
			return order;
		}
		if (!claimPlacement(orderId)) {
			throw new ProblemException(HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_FLIGHT,
					"Request in progress", "This order is still being placed; retry shortly.")
				.with("orderId", orderId);
		}
		this.saga.resuming(order, "the platform order arrived again");
		return this.saga.advance(orderId);
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
			throw PlacementSaga.rejection(orderId,
					(order.rejection() != null) ? order.rejection() : this.json.createObjectNode());
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
		this.saga.resuming(order, "the checkout was retried");
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
	 * {@link PlacementSaga#advance} for a shopper waiting on the answer: an outage
	 * answers 503 and leaves the placement abandoned (released by the recovery job unless
	 * the checkout is retried in time).
	 */
	private Orders.Order advanceAnswering(String orderId) {
		try {
			return this.saga.advance(orderId);
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
				this.saga.compensate(order);
				this.saga.reject(order.orderId(),
						this.json.createObjectNode()
							.put("type", ProblemTypes.of("order-placement-interrupted").toString())
							.put("title", "Order placement interrupted")
							.put("status", 409)
							.put("detail", "its placement was interrupted and everything it held was released; "
									+ "place the order again with a new Idempotency-Key"));
			}
			else {
				this.saga.resuming(order, "recovery: its placement made no progress");
				this.saga.advance(order.orderId());
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
