package io.concord.member.points;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.member.identity.Identities;
import io.concord.member.identity.MemberId;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points paying towards an order (security review M10). Only the order flow redeems, once
 * per order id, capped by the points rules ({@link PointsProperties}) on the payable
 * fulfillment computed; nothing the shopper sends sets the cap. How they come back:
 * {@link OrderPointsRestorations}.
 */
@Service
class OrderPointsPayments {

	/** What an order's points paid. */
	record OrderRedemption(String orderId, UUID memberId, long points, long valueMinor, String currency, long balance) {
	}

	private final JdbcTemplate jdbc;

	private final PointsRules rules;

	private final PointsLedger ledger;

	private final Identities identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final String currency;

	OrderPointsPayments(JdbcTemplate jdbc, PointsRules rules, PointsLedger ledger, Identities identities,
			ApplicationEventPublisher events, Clock clock,
			@Value("${concord.member.points.currency:CNY}") String currency) {
		this.jdbc = jdbc;
		this.rules = rules;
		this.ledger = ledger;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
		this.currency = currency;
	}

	/**
	 * What points could pay of a payable: the member's balance, and the most points (and
	 * their value) the rules allow on it; nothing is debited.
	 */
	record PointsAllowance(UUID memberId, long balance, long maxPoints, long maxValueMinor, String currency) {
	}

	PointsAllowance allowance(MemberId requested, long payableMinor, String currency) {
		if (!this.identities.exists(requested.value())) {
			throw new ProblemException.NotFound("Member", requested.value());
		}
		MemberId member = this.identities.survivorOf(requested);
		long balance = this.ledger.balance(member).balance();
		if (!this.currency.equals(currency)) {
			return new PointsAllowance(member.value(), balance, 0, 0, currency);
		}
		PointsProperties rules = this.rules.current();
		long maxPoints = Math.min(balance, rules.pointsWithin(rules.orderShareCapMinor(payableMinor), currency));
		return new PointsAllowance(member.value(), balance, maxPoints, rules.valueOf(maxPoints, currency).amountMinor(),
				currency);
	}

	/**
	 * Debits {@code points} for the order, once: a repeat answers the redemption already
	 * made. 422 when the currency is not the brand's, the points would pay more than the
	 * rules' share of {@code payableMinor}, or the balance does not cover them.
	 */
	@Transactional
	OrderRedemption redeem(String orderId, MemberId requested, long points, long payableMinor, String currency) {
		if (!this.identities.exists(requested.value())) {
			throw new ProblemException.NotFound("Member", requested.value());
		}
		MemberId member = this.identities.survivorOf(requested);
		Optional<OrderRedemption> existing = find(orderId);
		if (existing.isPresent()) {
			return repeated(existing.get(), member, points);
		}
		if (!this.currency.equals(currency)) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("points-currency-mismatch"),
					"Points currency mismatch", "Points pay in " + this.currency + ", not " + currency + ".");
		}
		PointsProperties rules = this.rules.current();
		long valueMinor = rules.valueOf(points, currency).amountMinor();
		long capMinor = rules.orderShareCapMinor(payableMinor);
		if (valueMinor > capMinor) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("points-limit-exceeded"), "Too many points",
					"Points may pay at most " + rules.maxOrderSharePercent() + "% of the order's payable.")
				.with("maxValueMinor", capMinor)
				.with("maxPoints", rules.pointsWithin(capMinor, currency));
		}
		if (valueMinor == 0) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("points-limit-exceeded"), "Too few points",
					points + " points are worth less than the smallest unit of " + currency + ".");
		}
		Instant now = this.clock.instant();
		UUID redemptionId = UUID.randomUUID();
		int inserted = this.jdbc.update("""
				insert into points_order_redemption (order_id, member_id, redemption_id, points, value_minor, currency,
				                                     created_at)
				values (?, ?, ?, ?, ?, ?, ?) on conflict (order_id) do nothing""", orderId, member.value(),
				redemptionId, points, valueMinor, currency, Timestamp.from(now));
		if (inserted == 0) {
			// The same order redeemed concurrently: the row is committed by now.
			return repeated(find(orderId).orElseThrow(), member, points);
		}
		List<Long> debited = this.jdbc.queryForList("""
				update points_account set balance = balance - ?, version = version + 1
				where member_id = ? and balance >= ? returning balance""", Long.class, points, member.value(), points);
		if (debited.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("insufficient-points"), "Insufficient points",
					"The balance does not cover " + points + " points.")
				.with("balance", this.ledger.balance(member).balance());
		}
		long balance = debited.get(0);
		for (PointsLedger.Taken lot : this.ledger.consumeLots(member, points)) {
			this.jdbc.update("""
					insert into points_order_redemption_lot (order_id, lot_id, points, expires_at)
					values (?, ?, ?, ?)""", orderId, lot.lotId(), lot.points(), Timestamp.from(lot.expiresAt()));
		}
		this.jdbc.update("""
				insert into points_entry (member_id, kind, points, state, source, source_ref, created_at)
				values (?, 'REDEEM', ?, 'AVAILABLE', 'order', ?, ?)""", member.value(), -points, orderId,
				Timestamp.from(now));
		this.jdbc.update("update points_order_redemption set balance_after = ? where order_id = ?", balance, orderId);
		Money value = new Money(valueMinor, currency);
		this.events
			.publishEvent(new PointsRedeemed(EventMetadata.of(member, this.identities.nextEventVersion(member), now),
					member.value(), redemptionId, orderId, points, value, balance));
		return new OrderRedemption(orderId, member.value(), points, valueMinor, currency, balance);
	}

	private Optional<OrderRedemption> find(String orderId) {
		return this.jdbc
			.query("""
					select member_id, points, value_minor, currency, balance_after from points_order_redemption
					where order_id = ?""",
					(rs, i) -> new OrderRedemption(orderId, rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3),
							rs.getString(4), rs.getLong(5)),
					orderId)
			.stream()
			.findFirst();
	}

	private static OrderRedemption repeated(OrderRedemption existing, MemberId member, long points) {
		if (existing.memberId() == null) {
			throw new ProblemException.Conflict(ProblemTypes.of("order-points-closed"), "Order closed to points",
					"Order " + existing.orderId() + " was reversed before points were redeemed for it.");
		}
		if (!existing.memberId().equals(member.value()) || existing.points() != points) {
			throw new ProblemException.Conflict(ProblemTypes.of("order-points-redeemed-differently"),
					"Order paid with other points",
					"Order " + existing.orderId() + " already redeemed " + existing.points() + " points.");
		}
		return existing;
	}

}
