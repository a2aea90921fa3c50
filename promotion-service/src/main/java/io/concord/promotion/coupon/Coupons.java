package io.concord.promotion.coupon;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.platform.web.TestRun;
import io.concord.platform.events.EventMetadata;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.promotion.coupon.CouponStatus.Transition;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Coupons once issued, and wallets: what a member holds and can use, and the lifecycle
 * after issue ({@link CouponStatus}): locked by an order, redeemed when it is paid,
 * released when it is cancelled, expired when unused, voided when the member is erased,
 * moved when two members merge. How coupons are handed out is {@link CouponClaims}.
 */
@Component
public class Coupons {

	public record Coupon(UUID id, String promotionId, @Nullable UUID memberId, String status, @Nullable String code,
			@Nullable Instant issuedAt, @Nullable Instant validFrom, @Nullable Instant validUntil,
			@Nullable String orderId) {
	}

	/** Coupons taken from and left in a template, for statistics and storefronts. */
	public record TemplateCounts(String promotionId, long minted, long issued, long redeemed, long locked,
			long expired) {

		public long remaining() {
			return this.minted - this.issued;
		}

	}

	static final String COLUMNS = "id, promotion_id, member_id, status, code, issued_at, valid_from, "
			+ "valid_until, order_id";

	// The lifecycle's moves after issue (CouponStatus), one statement each.

	/** Only an available coupon, of this member, valid now, can be locked. */
	private static final String LOCK = """
			update coupon set status = %s, order_id = ?, locked_at = ?, version = version + 1
			where id = ? and member_id = ? and %s and valid_from <= ? and valid_until > ?
			returning promotion_id, version""".formatted(Transition.LOCK.to().sql(), Transition.LOCK.fromSql("status"));

	private static final String REDEEM = """
			update coupon set status = %s, redeemed_at = ?, version = version + 1
			where order_id = ? and %s returning id, promotion_id, member_id, version"""
		.formatted(Transition.REDEEM.to().sql(), Transition.REDEEM.fromSql("status"));

	private static final String RELEASE = """
			update coupon set status = case when valid_until > ? then %s else %s end,
			  order_id = null, locked_at = null, redeemed_at = null, version = version + 1
			where order_id = ? and %s and member_id is not null
			returning id, promotion_id, member_id, status, version""".formatted(Transition.RELEASE.to().sql(),
			Transition.EXPIRE.to().sql(), Transition.RELEASE.fromSql("status"));

	private static final String EXPIRE = """
			update coupon set status = %s, version = version + 1
			where id in (select id from coupon where %s and valid_until <= ?
			  order by valid_until limit ? for update skip locked)
			returning id, promotion_id, member_id, version, test_run""".formatted(Transition.EXPIRE.to().sql(),
			Transition.EXPIRE.fromSql("status"));

	/** Unused coupons are voided; used ones stay, without the member. */
	private static final String ERASE = """
			update coupon set member_id = null, issue_key = null,
			  status = case when %s then %s else status end,
			  version = version + 1
			where member_id = ?""".formatted(Transition.VOID.fromSql("status"), Transition.VOID.to().sql());

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final Clock clock;

	private final RowMapper<Coupon> rows = Coupons::coupon;

	Coupons(JdbcTemplate jdbc, ApplicationEventPublisher events, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.clock = clock;
	}

	/** The member's coupons, newest first; only usable ones unless {@code all}. */
	public List<Coupon> wallet(UUID memberId, boolean all) {
		return this.jdbc
			.sql("select " + COLUMNS + " from coupon where member_id = ? "
					+ (all ? "" : "and status = " + CouponStatus.AVAILABLE.sql() + " and valid_until > now() ")
					+ "order by issued_at desc limit 500")
			.params(memberId)
			.query(this.rows)
			.list();
	}

	/** Coupons the member can apply at {@code at}. */
	public List<Coupon> usable(UUID memberId, Instant at) {
		return this.jdbc.sql("select " + COLUMNS + """
				 from coupon where member_id = ? and status = %s and valid_from <= ? and valid_until > ?
				order by valid_until, id limit 200""".formatted(CouponStatus.AVAILABLE.sql()))
			.params(memberId, Timestamp.from(at), Timestamp.from(at))
			.query(this.rows)
			.list();
	}

	public Coupon find(UUID couponId) {
		return this.jdbc.sql("select " + COLUMNS + " from coupon where id = ?")
			.params(couponId)
			.query(this.rows)
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Coupon", couponId));
	}

	/** The coupon a single-use code names. */
	Optional<Coupon> byCode(String code) {
		return this.jdbc.sql("select " + COLUMNS + " from coupon where code = ?")
			.params(code)
			.query(this.rows)
			.optional();
	}

	/** Whether the member was issued a coupon of the template for this occasion. */
	boolean issuedFor(String promotionId, UUID memberId, String issueKey) {
		return this.jdbc.sql("select count(*) from coupon where promotion_id = ? and member_id = ? and issue_key = ?")
			.params(promotionId, memberId, issueKey)
			.query(Integer.class)
			.single() > 0;
	}

	/**
	 * Locks the member's coupons for an order inside the caller's transaction. A coupon
	 * locked by another order (or used, or expired) is refused, so no coupon is ever used
	 * twice: the conditional update lets exactly one order have it.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void lock(String orderId, UUID memberId, Collection<UUID> couponIds) {
		Instant now = this.clock.instant();
		for (UUID couponId : couponIds) {
			LockedRow locked = this.jdbc.sql(LOCK)
				.params(orderId, Timestamp.from(now), couponId, memberId, Timestamp.from(now), Timestamp.from(now))
				.query((rs, n) -> new LockedRow(rs.getString("promotion_id"), rs.getLong("version")))
				.optional()
				.orElseThrow(() -> new ProblemException.Conflict(ProblemTypes.of("coupon-not-usable"),
						"Coupon not usable", "Coupon " + couponId + " is not available to this member now")
					.with("couponId", couponId));
			this.events.publishEvent(new CouponEvents.CouponLocked(EventMetadata.of(couponId, locked.version(), now),
					couponId, locked.promotionId(), memberId, orderId, now));
		}
	}

	private record LockedRow(String promotionId, long version) {
	}

	/** The order was paid: its locked coupons are used. */
	@Transactional(propagation = Propagation.MANDATORY)
	public void redeem(String orderId) {
		Instant now = this.clock.instant();
		this.jdbc.sql(REDEEM)
			.params(Timestamp.from(now), orderId)
			.query((rs, n) -> new CouponEvents.CouponRedeemed(
					EventMetadata.of(rs.getObject("id"), rs.getLong("version"), now), rs.getObject("id", UUID.class),
					rs.getString("promotion_id"), rs.getObject("member_id", UUID.class), orderId, now))
			.list()
			.forEach(this.events::publishEvent);
	}

	/**
	 * The order was cancelled (before or after payment, before shipping): its coupons go
	 * back to the wallet, or expire if their validity ran out meanwhile.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void release(String orderId) {
		Instant now = this.clock.instant();
		this.jdbc.sql(RELEASE)
			.params(Timestamp.from(now), orderId)
			.query((rs, n) -> new CouponEvents.CouponReleased(
					EventMetadata.of(rs.getObject("id"), rs.getLong("version"), now), rs.getObject("id", UUID.class),
					rs.getString("promotion_id"), rs.getObject("member_id", UUID.class), orderId,
					rs.getString("status"), now))
			.list()
			.forEach(this.events::publishEvent);
	}

	/**
	 * Unused coupons of members that expire within {@code ahead} are announced once
	 * (CouponExpiringSoon), so member-service can remind the member; in batches.
	 */
	@Transactional
	public int warnExpiring(Duration ahead, int limit) {
		Instant now = this.clock.instant();
		List<CouponEvents.CouponExpiringSoon> warned = this.jdbc
			.sql("""
					update coupon set expiry_warned_at = ?, version = version + 1
					where id in (select id from coupon where status = %s and expiry_warned_at is null
					  and member_id is not null and valid_until > ? and valid_until <= ?
					  order by valid_until limit ? for update skip locked)
					returning id, promotion_id, member_id, version, valid_until, test_run"""
				.formatted(CouponStatus.AVAILABLE.sql()))
			.params(Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(ahead)), limit)
			.query((rs, n) -> {
				Object id = rs.getObject("id");
				long version = rs.getLong("version");
				UUID coupon = rs.getObject("id", UUID.class);
				String promotion = rs.getString("promotion_id");
				UUID member = rs.getObject("member_id", UUID.class);
				Instant validUntil = rs.getTimestamp("valid_until").toInstant();
				return TestRun.callWith(rs.getString("test_run"),
						() -> new CouponEvents.CouponExpiringSoon(EventMetadata.of(id, version, now), coupon, promotion,
								member, validUntil, now));
			})
			.list();
		warned.forEach(this.events::publishEvent);
		return warned.size();
	}

	/** Unused coupons past their validity expire, in batches. */
	@Transactional
	public int expire(int limit) {
		Instant now = this.clock.instant();
		List<CouponEvents.CouponExpired> expired = this.jdbc.sql(EXPIRE)
			.params(Timestamp.from(now), limit)
			// A load test's coupon expires on the shadow topic (ADR-25).
			.query((rs, n) -> {
				Object id = rs.getObject("id");
				long version = rs.getLong("version");
				UUID coupon = rs.getObject("id", UUID.class);
				String promotion = rs.getString("promotion_id");
				UUID member = rs.getObject("member_id", UUID.class);
				return TestRun.callWith(rs.getString("test_run"),
						() -> new CouponEvents.CouponExpired(EventMetadata.of(id, version, now), coupon, promotion,
								member, now));
			})
			.list();
		expired.forEach(this.events::publishEvent);
		return expired.size();
	}

	/**
	 * Two members proved to be one: the merged member's coupons and claim counts move to
	 * the survivor (occasion keys are suffixed, so both members' occasions stay
	 * recorded).
	 */
	@Transactional
	public int merge(UUID survivor, UUID merged) {
		int moved = this.jdbc.sql("""
				update coupon set member_id = ?,
				  issue_key = case when issue_key is null then null else issue_key || '@' || ? end
				where member_id = ?""").params(survivor, merged.toString(), merged).update();
		this.jdbc
			.sql("""
					insert into member_claim (promotion_id, member_id, claimed)
					select promotion_id, ?, claimed from member_claim where member_id = ?
					on conflict (promotion_id, member_id) do update set claimed = member_claim.claimed + excluded.claimed""")
			.params(survivor, merged)
			.update();
		this.jdbc.sql("delete from member_claim where member_id = ?").params(merged).update();
		return moved;
	}

	/**
	 * The member asked to be forgotten: unused coupons are voided and no coupon keeps the
	 * member id; used ones stay (without it) for the campaign's accounting.
	 */
	@Transactional
	public int erase(UUID memberId) {
		int erased = this.jdbc.sql(ERASE).params(memberId).update();
		this.jdbc.sql("delete from member_claim where member_id = ?").params(memberId).update();
		return erased;
	}

	public List<TemplateCounts> counts(Collection<String> promotionIds) {
		if (promotionIds.isEmpty()) {
			return List.of();
		}
		return this.jdbc
			.sql("""
					select promotion_id, count(*) as minted,
					  count(*) filter (where issued_at is not null) as issued,
					  count(*) filter (where status = %s) as redeemed,
					  count(*) filter (where status = %s) as locked,
					  count(*) filter (where status = %s) as expired
					from coupon where promotion_id in (:ids) group by promotion_id"""
				.formatted(CouponStatus.REDEEMED.sql(), CouponStatus.LOCKED.sql(), CouponStatus.EXPIRED.sql()))
			.param("ids", promotionIds)
			.query((rs, n) -> new TemplateCounts(rs.getString("promotion_id"), rs.getLong("minted"),
					rs.getLong("issued"), rs.getLong("redeemed"), rs.getLong("locked"), rs.getLong("expired")))
			.list();
	}

	/**
	 * Members holding more coupons of a template than its limit: always empty, by design.
	 */
	public List<UUID> membersAboveLimit(String promotionId, int limit) {
		return new ArrayList<>(this.jdbc.sql("""
				select member_id from coupon where promotion_id = ? and member_id is not null
				group by member_id having count(*) > ?""").params(promotionId, limit).query(UUID.class).list());
	}

	static Coupon coupon(ResultSet rs, int row) throws SQLException {
		return new Coupon(rs.getObject("id", UUID.class), rs.getString("promotion_id"),
				rs.getObject("member_id", UUID.class), rs.getString("status"), rs.getString("code"),
				instant(rs, "issued_at"), instant(rs, "valid_from"), instant(rs, "valid_until"),
				rs.getString("order_id"));
	}

	private static @Nullable Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
