package io.concord.fulfillment.ordering;

import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import io.concord.fulfillment.catalog.ChannelPrices;
import io.concord.fulfillment.partners.Partners;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Price protection (保价): the one home of its rule. Within the policy's window after
 * payment, when a SKU's current selling price on the order's channel (its channel price,
 * else ALL, in the order's currency: {@link ChannelPrices}) is below what the line's
 * remaining units paid, the member may claim the difference for those units, once per
 * line, never more than the line's money not yet refunded. The claim is refunded like a
 * return: recorded on the order ({@code refundedMinor} grows) and a
 * {@code PaymentRefundDue} (reason PRICE_PROTECTION) tells finance to pay it out. In auto
 * mode a price drop credits eligible paid orders by itself.
 *
 * <p>
 * Exact in minor units: what the remaining units paid is the line's net (after discounts,
 * points included) less what returns refunded of it, so no per-unit rounding enters; a
 * later return of a protected line gives back the claim's share of its units (rounded
 * up), so a line's refunds never add up to more than it paid.
 *
 * <p>
 * The policy comes from configuration ({@code concord.fulfillment.price-protection}): a
 * default window and mode, overridden per channel, and per promotion (campaign) id for
 * orders a promotion applied to. Several promotions on one order: the shortest window
 * wins and auto holds only if all of them allow it (a campaign that guarantees its price
 * can close the window with {@code window: 0d}).
 */
@Component
class PriceProtection {

	private static final Logger log = LoggerFactory.getLogger(PriceProtection.class);

	/** The order is paid and not cancelled: its lines may be protected. */
	private static final Set<OrderStatus> PAID = EnumSet.of(OrderStatus.PAID, OrderStatus.ALLOCATED,
			OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED);

	static final String REFUND_REASON = "PRICE_PROTECTION";

	/**
	 * @param window how long after payment a claim is accepted
	 * @param auto whether a price drop credits eligible orders without a claim
	 * @param autoBatch the most lines one price drop credits automatically
	 * @param channels overrides per channel
	 * @param promotions overrides per promotion (campaign) id, for orders it applied to
	 */
	@ConfigurationProperties("concord.fulfillment.price-protection")
	record Settings(@DefaultValue("7d") Duration window, @DefaultValue("false") boolean auto,
			@DefaultValue("500") int autoBatch, @Nullable Map<String, Rule> channels,
			@Nullable Map<String, Rule> promotions) {

		Settings {
			channels = (channels != null) ? channels : Map.of();
			promotions = (promotions != null) ? promotions : Map.of();
		}

		/** An override: what it leaves null is inherited. */
		record Rule(@Nullable Duration window, @Nullable Boolean auto) {
		}

	}

	/** The policy one order is protected under. */
	record Policy(Duration window, boolean auto) {
	}

	/** Why a line got nothing. */
	enum Refusal {

		NOT_PAID("not-paid"), RETURN_OPEN("return-in-progress"), WINDOW_CLOSED("window-closed"),
		NO_PRICE_DROP("no-price-drop"), ALREADY_CLAIMED("already-claimed"), RETURNED("returned");

		final String code;

		Refusal(String code) {
			this.code = code;
		}

	}

	@Schema(name = "PriceProtectionLine",
			description = "What one order line got: claimedMinor > 0 and no reason, or 0 and why not")
	record LineAnswer(@Schema(example = "1") int lineNo, @Schema(example = "JACKET-BLK-M") String sku,
			@Schema(description = "refunded for this line now, minor units", example = "20000") long claimedMinor,
			@Schema(description = "why nothing was claimed: no-price-drop, already-claimed, returned (null when claimed)",
					example = "null") @Nullable String reason,
			@Schema(description = "the SKU's selling price on the order's channel now; null when never priced",
					example = "59900") @Nullable Long currentPriceMinor) {
	}

	@Schema(name = "PriceProtectionAnswer", description = "A price protection claim's outcome, line by line")
	record Answer(@Schema(example = "ORD-6f1c2a9e-3b7d-4c1e-9a55-0d2f4b8e7c11") String orderId,
			@Schema(example = "CNY") String currency,
			@Schema(description = "refunded by this claim in all, minor units", example = "20000") long refundedMinor,
			List<LineAnswer> lines) {
	}

	@Schema(name = "PriceProtectionClaim",
			description = "A line's price protection as recorded: its units, what they had paid and the price they were protected at")
	record Claim(String claimId, int lineNo, String sku, int units, long paidMinor, long priceMinor, long refundMinor,
			int returnedUnits, long clawedBackMinor, String mode, Instant claimedAt) {
	}

	/**
	 * What a return of a protected line gives back of the claim: {@code units} returned,
	 * {@code clawBackMinor} taken off their refund.
	 */
	record ClawBack(String claimId, int units, long clawBackMinor, long protectedMinor) {
	}

	private final Orders orders;

	private final ChannelPrices prices;

	private final Settings settings;

	private final JdbcClient jdbc;

	private final TransactionTemplate transaction;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	PriceProtection(Orders orders, ChannelPrices prices, Settings settings, JdbcTemplate jdbc,
			PlatformTransactionManager transactions, ApplicationEventPublisher events, Clock clock) {
		this.orders = orders;
		this.prices = prices;
		this.settings = settings;
		this.jdbc = JdbcClient.create(jdbc);
		this.transaction = new TransactionTemplate(transactions);
		this.events = events;
		this.clock = clock;
	}

	/**
	 * The member claims for every line of their order. 404 when it is not theirs, 409
	 * {@code order-not-paid} before payment or after cancellation, 422
	 * {@code price-protection-window-closed} after the window; otherwise each line's
	 * answer.
	 */
	Answer claim(UUID member, String orderId) {
		this.orders.getForMember(orderId, member);
		return TestRun.callWith(this.orders.runOf(orderId), () -> this.transaction.execute((status) -> {
			Orders.Order order = this.orders.lock(orderId);
			Instant now = this.clock.instant();
			Optional<Refusal> refused = refusal(order, now);
			if (refused.isPresent() && refused.get() == Refusal.NOT_PAID) {
				throw new ProblemException.Conflict(ProblemTypes.of("order-not-paid"), "Order not paid",
						"Order " + orderId + " is " + order.status() + ": only paid orders are price protected")
					.with("status", order.status().name());
			}
			if (refused.isPresent() && refused.get() == Refusal.RETURN_OPEN) {
				// A return being received computes its refund from the claims as they are
				// (outside the order's lock): no claim may slip in between.
				throw new ProblemException.Conflict(ProblemTypes.of("return-in-progress"), "Return in progress",
						"Order " + orderId + " has a return in progress: claim once it is received or rejected");
			}
			if (refused.isPresent()) {
				Policy policy = policyOf(order);
				throw new ProblemException.Unprocessable(ProblemTypes.of("price-protection-window-closed"),
						"Price protection window closed",
						"Price protection is claimed within " + policy.window().toDays() + " day(s) of payment")
					.with("windowDays", policy.window().toDays());
			}
			return protect(order, "MEMBER", now);
		}));
	}

	/** The line's claims, for the order's views. */
	List<Claim> claims(String orderId) {
		return this.jdbc.sql("select * from price_protection_claim where order_id = ? order by line_no")
			.params(orderId)
			.query((rs, n) -> new Claim(rs.getString("claim_id"), rs.getInt("line_no"), rs.getString("sku"),
					rs.getInt("units"), rs.getLong("paid_minor"), rs.getLong("price_minor"), rs.getLong("refund_minor"),
					rs.getInt("returned_units"), rs.getLong("clawed_back_minor"), rs.getString("mode"),
					rs.getTimestamp("claimed_at").toInstant()))
			.list();
	}

	/**
	 * Auto mode: a price drop credits the paid orders of that SKU (on that channel, or on
	 * every channel for an ALL price) whose policy is auto and whose window is open, at
	 * most {@code autoBatch} lines. Runs in the transaction that recorded the price (the
	 * event's inbox entry), and a line is claimed once: a redelivered drop credits
	 * nothing twice.
	 */
	@EventListener
	void priceLowered(ChannelPrices.PriceLowered lowered) {
		ChannelPrices.ChannelPrice price = lowered.price();
		if (!anyAuto()) {
			return;
		}
		Instant now = this.clock.instant();
		List<String> candidates = this.jdbc.sql("""
				select distinct o.order_id, o.paid_at from customer_order o
				join order_line l on l.order_id = o.order_id
				where l.sku = ? and o.currency = ? and (? = 'ALL' or o.channel = ?) and o.paid_at >= ?
				  and %s and o.test_run is null and l.returned_quantity < l.quantity
				  and not exists (select 1 from price_protection_claim c
				                  where c.order_id = o.order_id and c.line_no = l.line_no)
				order by o.paid_at desc limit ?""".formatted(OrderStatus.sqlIn("o.status", PAID)))
			.params(price.sku(), price.currency(), price.channel(), price.channel(),
					Timestamp.from(now.minus(longestWindow())), this.settings.autoBatch())
			.query((rs, n) -> rs.getString(1))
			.list();
		int credited = 0;
		for (String orderId : candidates) {
			Orders.Order order = this.orders.lock(orderId);
			if (!policyOf(order).auto() || refusal(order, now).isPresent()) {
				continue;
			}
			Answer answer = protect(order, "AUTO", now);
			credited += (int) answer.lines().stream().filter((l) -> l.claimedMinor() > 0).count();
		}
		if (candidates.size() >= this.settings.autoBatch()) {
			log.warn("Price drop of {} on {}: auto price protection stopped at {} orders", price.sku(), price.channel(),
					this.settings.autoBatch());
		}
		log.info("Price drop of {} on {} to {}: {} line(s) credited", price.sku(), price.channel(),
				price.sellingPriceMinor(), credited);
	}

	/**
	 * The policy an order is protected under: the default, its channel's override, then
	 * the overrides of the promotions that applied to it (shortest window, auto only if
	 * all allow it).
	 */
	Policy policyOf(Orders.Order order) {
		Duration window = this.settings.window();
		boolean auto = this.settings.auto();
		Settings.Rule channel = this.settings.channels().get(order.channel());
		if (channel != null) {
			window = (channel.window() != null) ? channel.window() : window;
			auto = (channel.auto() != null) ? channel.auto() : auto;
		}
		JsonNode applied = order.appliedPromotions();
		Duration campaignWindow = null;
		Boolean campaignAuto = null;
		if (applied != null) {
			for (JsonNode promotion : applied) {
				Settings.Rule rule = this.settings.promotions().get(promotion.path("promotionId").asString());
				if (rule == null) {
					continue;
				}
				Duration ruleWindow = (rule.window() != null) ? rule.window() : window;
				campaignWindow = (campaignWindow == null || ruleWindow.compareTo(campaignWindow) < 0) ? ruleWindow
						: campaignWindow;
				boolean ruleAuto = (rule.auto() != null) ? rule.auto() : auto;
				campaignAuto = (campaignAuto == null) ? ruleAuto : (campaignAuto && ruleAuto);
			}
		}
		return new Policy((campaignWindow != null) ? campaignWindow : window,
				(campaignAuto != null) ? campaignAuto : auto);
	}

	/** Why the order as a whole cannot be protected now, if it cannot. */
	private Optional<Refusal> refusal(Orders.Order order, Instant now) {
		if (order.paidAt() != null && order.status() == OrderStatus.RETURN_REQUESTED) {
			return Optional.of(Refusal.RETURN_OPEN);
		}
		if (order.paidAt() == null || !PAID.contains(order.status())) {
			return Optional.of(Refusal.NOT_PAID);
		}
		if (now.isAfter(order.paidAt().plus(policyOf(order).window()))) {
			return Optional.of(Refusal.WINDOW_CLOSED);
		}
		return Optional.empty();
	}

	/**
	 * Protects each line of a paid order within its window (the caller holds the order's
	 * lock): records the claims, adds them to what the order refunded, and tells finance.
	 */
	private Answer protect(Orders.Order order, String mode, Instant now) {
		Map<Integer, ClaimedLine> claimed = new LinkedHashMap<>();
		List<LineAnswer> answers = new ArrayList<>();
		Map<Integer, LineState> states = lineStates(order.orderId());
		for (Orders.Line line : order.lines()) {
			Optional<ChannelPrices.ChannelPrice> price = this.prices.sellingPrice(line.sku(), order.channel(),
					order.currency());
			Long current = price.map(ChannelPrices.ChannelPrice::sellingPriceMinor).orElse(null);
			LineState state = states.get(line.lineNo());
			int remaining = line.quantity() - line.returnedQuantity();
			Refusal refusal = null;
			long refund = 0;
			long paid = 0;
			if (state.claimed()) {
				refusal = Refusal.ALREADY_CLAIMED;
			}
			else if (remaining <= 0) {
				refusal = Refusal.RETURNED;
			}
			else if (current == null) {
				refusal = Refusal.NO_PRICE_DROP;
			}
			else {
				// What the remaining units paid (points included), and what of the line's
				// money is not refunded yet: the refund never exceeds it.
				paid = Math.subtractExact(line.netMinor(), state.returnRefundMinor());
				long moneyLeft = Math.subtractExact(Math.subtractExact(line.netMinor(), line.pointsValueMinor()),
						Math.subtractExact(state.returnRefundMinor(), state.returnPointsValueMinor()));
				long difference = Math.subtractExact(paid, Math.multiplyExact(current, remaining));
				refund = Math.min(difference, moneyLeft);
				if (refund <= 0) {
					refusal = Refusal.NO_PRICE_DROP;
					refund = 0;
				}
			}
			if (refusal == null) {
				int inserted = this.jdbc.sql("""
						insert into price_protection_claim (claim_id, order_id, line_no, sku, units, paid_minor,
						  price_minor, refund_minor, price_change_id, mode, claimed_at)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (order_id, line_no) do nothing""")
					.params("PP-" + UUID.randomUUID(), order.orderId(), line.lineNo(), line.sku(), remaining, paid,
							current, refund, price.get().changeId(), mode, Timestamp.from(now))
					.update();
				if (inserted == 0) {
					refusal = Refusal.ALREADY_CLAIMED;
					refund = 0;
				}
				else {
					claimed.put(line.lineNo(), new ClaimedLine(line.sku(), refund));
				}
			}
			answers.add(new LineAnswer(line.lineNo(), line.sku(), refund, (refusal != null) ? refusal.code : null,
					current));
		}
		long total = claimed.values().stream().mapToLong(ClaimedLine::refundMinor).reduce(0, Math::addExact);
		if (total > 0) {
			this.jdbc
				.sql("update customer_order set refunded_minor = refunded_minor + ?, updated_at = ? where order_id = ?")
				.params(total, Timestamp.from(now), order.orderId())
				.update();
			refundDue(order, total, now);
		}
		return new Answer(order.orderId(), order.currency(), total, answers);
	}

	/**
	 * Tells finance to refund the claim to the payment that paid the order (keyed by that
	 * payment, as its other refunds are; versioned by how many it has had).
	 */
	private void refundDue(Orders.Order order, long amountMinor, Instant now) {
		Payment payment = this.jdbc.sql("""
				select provider, provider_txn_id from payment where order_id = ? and outcome = 'APPLIED'
				order by received_at limit 1""")
			.params(order.orderId())
			.query((rs, n) -> new Payment(rs.getString(1), rs.getString(2)))
			.optional()
			.orElse(new Payment("unknown", order.orderId()));
		long version = this.jdbc.sql("select count(*) from price_protection_claim where order_id = ?")
			.params(order.orderId())
			.query(Long.class)
			.single();
		this.events
			.publishEvent(new OrderEvents.PaymentRefundDue(
					TestRun.callWith(order.testRun(),
							() -> EventMetadata.of(payment.provider() + ":" + payment.transactionId(), version + 1,
									now)),
					order.orderId(), payment.provider(), payment.transactionId(),
					new OrderEvents.Money(amountMinor, order.currency()), REFUND_REASON, now));
	}

	/**
	 * What returning units of the order's protected lines gives back of their claims, per
	 * SKU: the claim's share of the returned units, rounded up and cumulative (the last
	 * unit returned gives back exactly what is left of the claim).
	 */
	Map<String, ClawBack> clawBacks(String orderId, List<Partners.StockLine> returned) {
		Map<String, ClawBack> clawBacks = new LinkedHashMap<>();
		Map<String, Claim> bySku = new LinkedHashMap<>();
		claims(orderId).forEach((claim) -> bySku.put(claim.sku(), claim));
		for (Partners.StockLine line : returned) {
			Claim claim = bySku.get(line.sku());
			if (claim == null) {
				continue;
			}
			int units = Math.min(line.quantity(), claim.units() - claim.returnedUnits());
			if (units <= 0) {
				continue;
			}
			long dueSoFar = BigInteger.valueOf(claim.refundMinor())
				.multiply(BigInteger.valueOf(claim.returnedUnits() + units))
				.add(BigInteger.valueOf(claim.units() - 1))
				.divide(BigInteger.valueOf(claim.units()))
				.longValueExact();
			clawBacks.put(line.sku(), new ClawBack(claim.claimId(), units,
					Math.max(0, dueSoFar - claim.clawedBackMinor()), claim.refundMinor()));
		}
		return clawBacks;
	}

	/**
	 * A return's refund less what its units give back of the lines' claims, and never
	 * more than a protected line has left: its net less the claim and what returns
	 * refunded of it before. Lines without a claim are refunded as promotion-service
	 * allocated them.
	 */
	Partners.ReturnRefund lessClaims(Orders.Order order, Partners.ReturnRefund refund,
			Map<String, ClawBack> clawBacks) {
		if (clawBacks.isEmpty()) {
			return refund;
		}
		Map<Integer, LineState> states = lineStates(order.orderId());
		List<Partners.RefundLine> lines = new ArrayList<>();
		long total = 0;
		for (Partners.RefundLine line : refund.lines()) {
			ClawBack clawBack = clawBacks.get(line.sku());
			long refundMinor = line.refundMinor();
			if (clawBack != null) {
				Orders.Line ordered = order.lines()
					.stream()
					.filter((l) -> l.sku().equals(line.sku()))
					.findFirst()
					.orElseThrow();
				long left = Math.subtractExact(Math.subtractExact(ordered.netMinor(), clawBack.protectedMinor()),
						states.get(ordered.lineNo()).returnRefundMinor());
				refundMinor = Math.max(0, Math.min(Math.subtractExact(refundMinor, clawBack.clawBackMinor()), left));
			}
			lines.add(new Partners.RefundLine(line.sku(), refundMinor));
			total = Math.addExact(total, refundMinor);
		}
		return new Partners.ReturnRefund(lines, total);
	}

	/** Records what a received return gave back of the claims (in its transaction). */
	void clawedBack(Map<String, ClawBack> clawBacks) {
		for (ClawBack clawBack : clawBacks.values()) {
			this.jdbc.sql("""
					update price_protection_claim set returned_units = returned_units + ?,
					  clawed_back_minor = clawed_back_minor + ? where claim_id = ?""")
				.params(clawBack.units(), clawBack.clawBackMinor(), clawBack.claimId())
				.update();
		}
	}

	private Map<Integer, LineState> lineStates(String orderId) {
		Map<Integer, LineState> states = new LinkedHashMap<>();
		this.jdbc
			.sql("""
					select l.line_no, l.return_refund_minor, l.return_points_value_minor,
					  exists (select 1 from price_protection_claim c where c.order_id = l.order_id and c.line_no = l.line_no)
					from order_line l where l.order_id = ?""")
			.params(orderId)
			.query((rs, n) -> new LineState(rs.getInt(1), rs.getLong(2), rs.getLong(3), rs.getBoolean(4)))
			.list()
			.forEach((state) -> states.put(state.lineNo(), state));
		return states;
	}

	private boolean anyAuto() {
		return this.settings.auto()
				|| this.settings.channels().values().stream().anyMatch((r) -> Boolean.TRUE.equals(r.auto()))
				|| this.settings.promotions().values().stream().anyMatch((r) -> Boolean.TRUE.equals(r.auto()));
	}

	private Duration longestWindow() {
		Duration longest = this.settings.window();
		for (Map<String, Settings.Rule> rules : List.of(this.settings.channels(), this.settings.promotions())) {
			for (Settings.Rule rule : rules.values()) {
				if (rule.window() != null && rule.window().compareTo(longest) > 0) {
					longest = rule.window();
				}
			}
		}
		return longest;
	}

	private record LineState(int lineNo, long returnRefundMinor, long returnPointsValueMinor, boolean claimed) {
	}

	private record ClaimedLine(String sku, long refundMinor) {
	}

	private record Payment(String provider, String transactionId) {
	}

}
