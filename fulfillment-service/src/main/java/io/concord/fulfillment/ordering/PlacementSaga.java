package io.concord.fulfillment.ordering;

import java.net.URI;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.PartnerRefusal;
import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The placement saga's steps ({@link PlacementStep}): reserve the stock, lock the
 * promotions, redeem the points, and store the order PENDING_PAYMENT with its payment
 * deadline ({@link OrderPolicy}); or compensate and reject it with the partner's refusal.
 * Each step is stored after its partner answered, so {@link #advance} resumes from the
 * last stored one. Who runs a placement, and when, is {@link OrderPlacement}'s.
 */
@Component
class PlacementSaga {

	private final Orders orders;

	private final Products products;

	private final Partners partners;

	private final JdbcClient jdbc;

	private final JsonMapper json;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final OrderPolicy policy;

	private final OrderPlacement.Checkpoint checkpoint;

	private final PlacementHistory history;

	PlacementSaga(Orders orders, Products products, Partners partners, JdbcTemplate jdbc, JsonMapper json,
			PlatformTransactionManager transactions, ApplicationEventPublisher events, Clock clock, OrderPolicy policy,
			ObjectProvider<OrderPlacement.Checkpoint> checkpoint, PlacementHistory history) {
		this.history = history;
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
		// The step being tried, named in the history if a partner refuses it or is out of
		// reach.
		String attempting = PlacementStep.STOCK_RESERVED.name();
		try {
			if (order.sagaStep() == PlacementStep.NEW) {
				Partners.Reservation reservation = this.partners.reserve(orderId, order.channel(), order.region(),
						order.lines().stream().map((l) -> new Partners.StockLine(l.sku(), l.quantity())).toList(),
						this.policy.stockHoldFor(order.channel()));
				this.transaction.executeWithoutResult((status) -> {
					int stored = this.jdbc
						.sql("""
								update customer_order set saga_step = ?, reservation_expires_at = ?,
								  allocations = ?::jsonb, updated_at = ? where order_id = ? and %s"""
							.formatted(PlacementStep.storedBefore(PlacementStep.STOCK_RESERVED)))
						.params(PlacementStep.STOCK_RESERVED.name(), Timestamp.from(reservation.expiresAt()),
								this.json.writeValueAsString(reservation.allocations()),
								Timestamp.from(this.clock.instant()), orderId)
						.update();
					if (stored == 1) {
						this.history.record(orderId, PlacementStep.STOCK_RESERVED.name(),
								PlacementHistory.Outcome.COMPLETED,
								reservation.allocations().size() + " allocation(s)");
					}
				});
				Map<String, Integer> reserved = new java.util.LinkedHashMap<>();
				order.lines().forEach((l) -> reserved.merge(l.sku(), l.quantity(), Integer::sum));
				this.events.publishEvent(new StockReserved(orderId, order.channel(), reserved, this.clock.instant()));
				this.checkpoint.reached(orderId, PlacementStep.STOCK_RESERVED.name());
				order = this.orders.get(orderId);
			}
			attempting = PlacementHistory.PROMOTIONS_LOCKED;
			boolean byPlatform = this.orders.pricedByPlatform(orderId);
			Partners.PromotionLock locked = byPlatform ? platformPriced(order) : lockPromotions(order);
			this.history.record(orderId, PlacementHistory.PROMOTIONS_LOCKED, PlacementHistory.Outcome.COMPLETED,
					byPlatform ? "priced by the platform" : null);
			this.checkpoint.reached(orderId, "PROMOTIONS_LOCKED");
			if (order.points().toRedeem() > 0 && order.sagaStep() != PlacementStep.POINTS_REDEEMED) {
				attempting = PlacementStep.POINTS_REDEEMED.name();
				// Idempotent by order id at member-service: a resumed placement gets the
				// same redemption, never a second debit.
				Partners.PointsRedemption points = this.partners.redeemPoints(orderId, order.memberId(),
						order.points().toRedeem(), locked.quote().payableMinor(), order.currency());
				this.transaction.executeWithoutResult((status) -> {
					int stored = this.jdbc
						.sql("""
								update customer_order set saga_step = ?, points_redeemed = ?,
								  points_value_minor = ?, updated_at = ? where order_id = ? and %s"""
							.formatted(PlacementStep.storedBefore(PlacementStep.POINTS_REDEEMED)))
						.params(PlacementStep.POINTS_REDEEMED.name(), points.points(), points.valueMinor(),
								Timestamp.from(this.clock.instant()), orderId)
						.update();
					if (stored == 1) {
						this.history.record(orderId, PlacementStep.POINTS_REDEEMED.name(),
								PlacementHistory.Outcome.COMPLETED, points.points() + " points");
					}
				});
				this.checkpoint.reached(orderId, PlacementStep.POINTS_REDEEMED.name());
				order = this.orders.get(orderId);
			}
			attempting = PlacementStep.DONE.name();
			return placed(order, locked);
		}
		catch (PartnerUnavailable outage) {
			this.history.record(orderId, attempting, PlacementHistory.Outcome.UNAVAILABLE, outage.getMessage());
			throw outage;
		}
		catch (PartnerRefusal refusal) {
			this.history.record(orderId, attempting, PlacementHistory.Outcome.REFUSED, refusal.getMessage());
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

	private Partners.PromotionLock lockPromotions(Orders.Order order) {
		Map<String, Products.Product> catalogue = this.products
			.findAll(order.lines().stream().map(Orders.Line::sku).toList());
		return this.partners.lockPromotions(order.orderId(), order.memberId(),
				new Partners.Cart(order.channel(), order.currency(),
						order.lines()
							.stream()
							.map((l) -> new Partners.PricedLine(l.sku(), l.quantity(), l.unitPriceMinor(),
									catalogue.containsKey(l.sku()) ? catalogue.get(l.sku()).category() : null,
									catalogue.containsKey(l.sku()) ? catalogue.get(l.sku()).brand() : null))
							.toList(),
						order.shippingFeeMinor(), order.usePoints(), couponIds(order)));
	}

	/**
	 * A platform's order as its platform priced it (promotions included): the quote is
	 * its lines at the stored unit prices and discounts, with nothing locked at
	 * promotion-service.
	 */
	private Partners.PromotionLock platformPriced(Orders.Order order) {
		List<Partners.QuotedLine> lines = new ArrayList<>();
		long subtotal = 0;
		long discount = 0;
		for (Orders.Line line : order.lines()) {
			long gross = Math.multiplyExact(line.unitPriceMinor(), line.quantity());
			lines.add(new Partners.QuotedLine(line.sku(), line.quantity(), line.unitPriceMinor(), gross,
					line.discountMinor(), Math.subtractExact(gross, line.discountMinor())));
			subtotal = Math.addExact(subtotal, gross);
			discount = Math.addExact(discount, line.discountMinor());
		}
		long payable = Math.addExact(Math.subtractExact(subtotal, discount), order.shippingFeeMinor());
		Partners.PromotionQuote quote = new Partners.PromotionQuote(order.currency(), subtotal, discount,
				order.shippingFeeMinor(), 0, payable, lines, List.of(), false);
		tools.jackson.databind.node.ObjectNode asQuoted = this.json.valueToTree(quote);
		asQuoted.put("pricedBy", "platform");
		return new Partners.PromotionLock(quote, asQuoted);
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
				// The line keeps the unit price it was locked at (promotion-service is
				// the
				// price authority): what it paid, whatever the catalogue or the price
				// list
				// say later. Without one in the quote, the catalogue price it was placed
				// at stays.
				this.jdbc.sql("""
						update order_line set unit_price_minor = coalesce(?, unit_price_minor), discount_minor = ?,
						  points_value_minor = ? where order_id = ? and sku = ?""")
					.params(lines.get(i).unitPriceMinor(), lines.get(i).discountMinor(), pointsShares[i],
							order.orderId(), lines.get(i).sku())
					.update();
			}
			this.jdbc.sql("""
					insert into order_transition (order_id, from_status, to_status, action, at)
					values (?, 'PLACING', 'PENDING_PAYMENT', 'PLACE', ?)""")
				.params(order.orderId(), Timestamp.from(now))
				.update();
			this.history.record(order.orderId(), PlacementStep.DONE.name(), PlacementHistory.Outcome.COMPLETED, null);
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
		if (!this.orders.pricedByPlatform(order.orderId())) {
			this.partners.releasePromotions(order.orderId());
		}
		this.partners.releaseStock(order.orderId());
	}

	void reject(String orderId, JsonNode problem) {
		this.transaction.executeWithoutResult((status) -> {
			int stored = this.jdbc
				.sql("""
						update customer_order set status = 'REJECTED', saga_step = ?, rejection = ?::jsonb,
						  updated_at = ? where order_id = ? and status = 'PLACING' and %s"""
					.formatted(PlacementStep.storedBefore(PlacementStep.COMPENSATED)))
				.params(PlacementStep.COMPENSATED.name(), this.json.writeValueAsString(problem),
						Timestamp.from(this.clock.instant()), orderId)
				.update();
			if (stored == 1) {
				this.history.record(orderId, PlacementStep.COMPENSATED.name(), PlacementHistory.Outcome.COMPLETED,
						problem.path("detail").asString(null));
			}
		});
	}

	/** The placement is taken up again from its stored step ({@code why}). */
	void resuming(Orders.Order order, String why) {
		this.history.record(order.orderId(), order.sagaStep().name(), PlacementHistory.Outcome.RESUMED, why);
	}

	/**
	 * The refusal an order got, as stored, passed on to the shopper with the order id (a
	 * retried checkout gets the same answer).
	 */
	static ProblemException rejection(String orderId, JsonNode problem) {
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

}
