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
import java.util.UUID;

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.PartnerRefusal;
import io.concord.fulfillment.partners.PartnerUnavailable;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
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
 * stock and rejects the order naming the coupon; otherwise the order is PENDING_PAYMENT
 * with the exact payable amount (OrderPlaced).
 * </ol>
 * Every call is idempotent by order id at the partner, so {@link #advance} can run a step
 * again: after a crash the recovery job resumes interrupted placements from their stored
 * step, and compensates (releases stock and promotions) those it cannot finish. Stock is
 * reserved before coupons are locked: stock is what runs out at peak, and an order that
 * cannot be served should not hold a coupon or budget even for a moment.
 */
@Component
class OrderPlacement {

	private static final Logger log = LoggerFactory.getLogger(OrderPlacement.class);

	record PlaceOrder(String channel, List<Partners.StockLine> lines, JsonNode shippingAddress, @Nullable String region,
			@Nullable List<UUID> couponIds, boolean usePoints) {
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

	OrderPlacement(Orders orders, Products products, Partners partners, JdbcTemplate jdbc, JsonMapper json,
			PlatformTransactionManager transactions, ApplicationEventPublisher events, Clock clock, OrderPolicy policy,
			org.springframework.beans.factory.ObjectProvider<Checkpoint> checkpoint) {
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

	/** Places an order for a member: PENDING_PAYMENT, or a problem naming the cause. */
	Orders.Order place(UUID memberId, PlaceOrder command) {
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
		this.transaction.executeWithoutResult((status) -> {
			this.jdbc.sql("""
					insert into customer_order (order_id, member_id, channel, status, saga_step, currency,
					  shipping_address, region, coupon_ids, use_points, shipping_fee_minor, created_at, updated_at)
					values (?, ?, ?, 'PLACING', 'NEW', ?, ?, ?, ?::jsonb, ?, ?, ?, ?)""")
				.params(orderId, memberId, command.channel(), currencies.get(0),
						this.orders.sealShippingAddress(orderId, command.shippingAddress()), command.region(),
						(command.couponIds() != null) ? this.json.writeValueAsString(command.couponIds()) : null,
						command.usePoints(), this.policy.shippingFeeMinor(), Timestamp.from(now), Timestamp.from(now))
				.update();
			int lineNo = 1;
			for (Map.Entry<String, Integer> line : quantities.entrySet()) {
				Products.Product product = catalogue.get(line.getKey());
				this.jdbc.sql("""
						insert into order_line (order_id, line_no, sku, name, quantity, unit_price_minor)
						values (?, ?, ?, ?, ?, ?)""")
					.params(orderId, lineNo++, product.sku(), product.name(), line.getValue(), product.unitPriceMinor())
					.update();
			}
		});
		return advance(orderId);
	}

	/**
	 * Runs the placement from its stored step to the end: PENDING_PAYMENT, or REJECTED
	 * with everything held released. An outage leaves the order PLACING for the recovery
	 * job and answers 503.
	 */
	Orders.Order advance(String orderId) {
		Orders.Order order = this.orders.get(orderId);
		if (order.status() != OrderStatus.PLACING) {
			return order;
		}
		try {
			if (order.sagaStep().equals("NEW")) {
				Partners.Reservation reservation = this.partners.reserve(orderId, order.channel(), order.region(),
						order.lines().stream().map((l) -> new Partners.StockLine(l.sku(), l.quantity())).toList(),
						this.policy.paymentWindowFor(order.channel()).plus(Duration.ofMinutes(1)));
				this.jdbc.sql("""
						update customer_order set saga_step = 'STOCK_RESERVED', reservation_expires_at = ?,
						  allocations = ?::jsonb, updated_at = ? where order_id = ? and saga_step = 'NEW'""")
					.params(Timestamp.from(reservation.expiresAt()),
							this.json.writeValueAsString(reservation.allocations()),
							Timestamp.from(this.clock.instant()), orderId)
					.update();
				this.checkpoint.reached(orderId, "STOCK_RESERVED");
				order = this.orders.get(orderId);
			}
			Map<String, Products.Product> catalogue = this.products
				.findAll(order.lines().stream().map(Orders.Line::sku).toList());
			JsonNode participation = this.partners.lockPromotions(orderId, order.memberId(),
					new Partners.Cart(order.channel(), order.currency(),
							order.lines()
								.stream()
								.map((l) -> new Partners.PricedLine(l.sku(), l.quantity(), l.unitPriceMinor(),
										catalogue.containsKey(l.sku()) ? catalogue.get(l.sku()).category() : null,
										catalogue.containsKey(l.sku()) ? catalogue.get(l.sku()).brand() : null))
								.toList(),
							order.shippingFeeMinor(), order.usePoints(), couponIds(order)));
			this.checkpoint.reached(orderId, "PROMOTIONS_LOCKED");
			return placed(order, participation.path("quote"));
		}
		catch (PartnerRefusal refusal) {
			compensate(order);
			reject(orderId, refusal.problem());
			throw rejection(orderId, refusal);
		}
		catch (PartnerUnavailable outage) {
			log.warn("Placing {} interrupted: {}", orderId, outage.getMessage());
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("order-placement-unavailable"),
					"Order placement unavailable",
					"The order could not be placed now; nothing was charged and anything held is released")
				.with("orderId", orderId)
				.with("retryAfterSeconds", 5);
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

	private Orders.Order placed(Orders.Order order, JsonNode quote) {
		Instant now = this.clock.instant();
		Instant due = now.plus(this.policy.paymentWindowFor(order.channel()));
		if (order.reservationExpiresAt() != null && order.reservationExpiresAt().minusSeconds(60).isBefore(due)) {
			// Payment must arrive while the stock is still held.
			due = order.reservationExpiresAt().minusSeconds(60);
		}
		Instant paymentDue = due;
		this.transaction.executeWithoutResult((status) -> {
			int updated = this.jdbc.sql("""
					update customer_order set status = 'PENDING_PAYMENT', saga_step = 'DONE', quote = ?::jsonb,
					  subtotal_minor = ?, discount_minor = ?, shipping_discount_minor = ?, payable_minor = ?,
					  payment_due_at = ?, version = version + 1, updated_at = ?
					where order_id = ? and status = 'PLACING'""")
				.params(this.json.writeValueAsString(quote), quote.path("subtotalMinor").asLong(),
						quote.path("discountMinor").asLong(), quote.path("shippingDiscountMinor").asLong(),
						quote.path("payableMinor").asLong(), Timestamp.from(paymentDue), Timestamp.from(now),
						order.orderId())
				.update();
			if (updated == 0) {
				return;
			}
			JsonNode lines = quote.path("lines");
			for (int i = 0; i < lines.size(); i++) {
				this.jdbc.sql("update order_line set discount_minor = ? where order_id = ? and sku = ?")
					.params(lines.get(i).path("discountMinor").asLong(), order.orderId(),
							lines.get(i).path("sku").asString())
					.update();
			}
			this.jdbc.sql("""
					insert into order_transition (order_id, from_status, to_status, action, at)
					values (?, 'PLACING', 'PENDING_PAYMENT', 'PLACE', ?)""")
				.params(order.orderId(), Timestamp.from(now))
				.update();
			Orders.Order pending = this.orders.get(order.orderId());
			this.events.publishEvent(new OrderEvents.OrderPlaced(
					EventMetadata.of(order.orderId(), pending.version(), now), order.orderId(), order.memberId(),
					order.channel(),
					pending.lines()
						.stream()
						.map((l) -> new OrderEvents.Line(l.sku(), l.quantity(), l.unitPriceMinor(), l.discountMinor()))
						.toList(),
					new OrderEvents.Money(pending.payableMinor(), pending.currency()), paymentDue, now));
		});
		return this.orders.get(order.orderId());
	}

	/**
	 * Gives back whatever the placement may hold; both calls are harmless if nothing is.
	 */
	void compensate(Orders.Order order) {
		this.partners.releasePromotions(order.orderId());
		this.partners.releaseStock(order.orderId());
	}

	void reject(String orderId, JsonNode problem) {
		this.jdbc.sql("""
				update customer_order set status = 'REJECTED', saga_step = 'COMPENSATED', rejection = ?::jsonb,
				  updated_at = ? where order_id = ? and status = 'PLACING'""")
			.params(this.json.writeValueAsString(problem), Timestamp.from(this.clock.instant()), orderId)
			.update();
	}

	/** The partner's refusal, passed on to the shopper with the order id. */
	private static ProblemException rejection(String orderId, PartnerRefusal refusal) {
		JsonNode problem = refusal.problem();
		ProblemException rejected = new ProblemException(HttpStatus.valueOf(refusal.status()),
				URI.create(problem.path("type").asString(ProblemTypes.BUSINESS_RULE.toString())),
				problem.path("title").asString("Order rejected"),
				"Order " + orderId + " was not placed: " + refusal.getMessage())
			.with("orderId", orderId);
		for (String field : List.of("shortLines", "coupons", "couponIds", "couponId", "promotionId")) {
			if (problem.has(field)) {
				rejected = rejected.with(field, problem.get(field));
			}
		}
		return rejected;
	}

	/**
	 * Placements left half done by a crash or an outage: resumed from their step;
	 * compensated and rejected once they are too old to finish.
	 */
	int recover(Duration idle, Duration giveUpAfter) {
		Instant now = this.clock.instant();
		List<String> stuck = this.jdbc.sql("""
				select order_id from customer_order where status = 'PLACING' and updated_at < ?
				order by updated_at limit 100""").params(Timestamp.from(now.minus(idle))).query(String.class).list();
		for (String orderId : stuck) {
			Orders.Order order = this.orders.get(orderId);
			try {
				if (order.createdAt().isBefore(now.minus(giveUpAfter))) {
					compensate(order);
					reject(orderId,
							this.json.createObjectNode()
								.put("type", ProblemTypes.of("order-placement-interrupted").toString())
								.put("detail", "Placement did not finish; stock and promotions were released"));
				}
				else {
					advance(orderId);
				}
			}
			catch (ProblemException | PartnerUnavailable ex) {
				log.info("Recovering {}: {}", orderId, ex.getMessage());
			}
		}
		return stuck.size();
	}

}
