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
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Points an order paid coming back ({@link OrderPointsPayments} debits them): on the
 * order's reversal (cancellation, a failed placement) and per return, never more than
 * were redeemed, as lots that keep the expiry of the lots they were taken from.
 */
@Service
class OrderPointsRestorations {

	static final String REVERSAL = "reversal";

	/** Points given back to the member for an order ({@code reversal} or a return id). */
	record Restoration(String orderId, String restorationId, long points, long balance) {
	}

	private final JdbcTemplate jdbc;

	private final Identities identities;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	OrderPointsRestorations(JdbcTemplate jdbc, Identities identities, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = jdbc;
		this.identities = identities;
		this.events = events;
		this.clock = clock;
	}

	/**
	 * Gives back what the order's points have not yet been given back for, once. With
	 * {@code closeIfNone}, an order without a redemption is closed to points (so a
	 * redemption still in flight cannot debit after the order was compensated) and 404 is
	 * thrown; without it, nothing happens (the OrderCancelled safety net).
	 */
	@Transactional(noRollbackFor = ProblemException.NotFound.class)
	Optional<Restoration> reverse(String orderId, boolean closeIfNone) {
		Optional<Locked> redemption = lock(orderId);
		if (redemption.isEmpty() || redemption.get().member() == null) {
			if (closeIfNone && redemption.isEmpty()) {
				this.jdbc.update("""
						insert into points_order_redemption (order_id, points, value_minor, created_at)
						values (?, 0, 0, ?) on conflict (order_id) do nothing""", orderId,
						Timestamp.from(this.clock.instant()));
			}
			if (closeIfNone) {
				throw new ProblemException.NotFound("Points redemption of order", orderId);
			}
			return Optional.empty();
		}
		Locked locked = redemption.get();
		return Optional.of(restore(locked, REVERSAL, locked.points() - locked.restored(), "order reversed"));
	}

	/**
	 * Gives back {@code points} for a return, once per return id, never more in total
	 * than the order redeemed (what is left, when less is left).
	 */
	@Transactional
	Restoration restoreForReturn(String orderId, String returnId, long points) {
		Locked locked = lock(orderId).filter((r) -> r.member() != null)
			.orElseThrow(() -> new ProblemException.NotFound("Points redemption of order", orderId));
		if (REVERSAL.equals(returnId)) {
			throw new ProblemException.Unprocessable("A return id cannot be '" + REVERSAL + "'");
		}
		return restore(locked, returnId, Math.min(points, locked.points() - locked.restored()), "order returned");
	}

	private record Locked(String orderId, @Nullable UUID member, long points, long restored) {
	}

	private Optional<Locked> lock(String orderId) {
		return this.jdbc
			.query("select member_id, points, restored from points_order_redemption where order_id = ? for update",
					(rs, i) -> new Locked(orderId, rs.getObject(1, UUID.class), rs.getLong(2), rs.getLong(3)), orderId)
			.stream()
			.findFirst();
	}

	private Restoration restore(Locked redemption, String restorationId, long points, String reason) {
		List<Restoration> done = this.jdbc.query(
				"select points, balance_after from points_order_restoration where order_id = ? and restoration_id = ?",
				(rs, i) -> new Restoration(redemption.orderId(), restorationId, rs.getLong(1), rs.getLong(2)),
				redemption.orderId(), restorationId);
		if (!done.isEmpty()) {
			return done.get(0);
		}
		MemberId member = new MemberId(redemption.member());
		Instant now = this.clock.instant();
		long balance = this.jdbc.queryForObject("""
				update points_account set balance = balance + ?, version = version + 1 where member_id = ?
				returning balance""", Long.class, points, member.value());
		long left = points;
		// Latest expiry first: what comes back stays spendable the longest.
		List<long[]> lots = this.jdbc.query("""
				select lot_id, points - restored from points_order_redemption_lot
				where order_id = ? and points > restored order by expires_at desc, lot_id desc""",
				(rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) }, redemption.orderId());
		for (long[] lot : lots) {
			if (left == 0) {
				break;
			}
			long give = Math.min(left, lot[1]);
			this.jdbc.update(
					"update points_order_redemption_lot set restored = restored + ? where order_id = ? and lot_id = ?",
					give, redemption.orderId(), lot[0]);
			this.jdbc.update("""
					insert into points_entry (member_id, kind, points, state, source, source_ref, reason, remaining,
					                          expires_at, created_at)
					select ?, 'RESTORE', ?, 'AVAILABLE', 'order', ?, ?, ?, expires_at, ?
					from points_order_redemption_lot where order_id = ? and lot_id = ?""", member.value(), give,
					redemption.orderId() + "#" + restorationId + "#" + lot[0], reason, give, Timestamp.from(now),
					redemption.orderId(), lot[0]);
			left -= give;
		}
		if (left > 0) {
			throw new IllegalStateException("Lots of order " + redemption.orderId() + " do not cover " + points);
		}
		this.jdbc.update("update points_order_redemption set restored = restored + ? where order_id = ?", points,
				redemption.orderId());
		this.jdbc.update("""
				insert into points_order_restoration (order_id, restoration_id, points, balance_after, created_at)
				values (?, ?, ?, ?, ?)""", redemption.orderId(), restorationId, points, balance, Timestamp.from(now));
		if (points > 0) {
			this.events.publishEvent(new PointsRestored(
					EventMetadata.of(member, this.identities.nextEventVersion(member), now), member.value(),
					redemption.orderId(), REVERSAL.equals(restorationId) ? null : restorationId, points, balance, now));
		}
		return new Restoration(redemption.orderId(), restorationId, points, balance);
	}

}
