package io.concord.promotion.coupon;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.concord.promotion.campaign.CouponPool;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A template's coupons are minted into a pool when it is defined (and when its quantity
 * grows), so issuing one is taking a row, never inserting against a counter (ADR-17).
 * Only rows still in the pool without a code can be burnt or coded; concurrent claims'
 * locked rows are skipped.
 */
@Component
class CouponMinting implements CouponPool {

	private static final String UNCODED_IN_POOL = "select id from coupon where promotion_id = ? and "
			+ CouponStatus.Transition.ISSUE.fromSql("status") + " and code is null limit ? for update skip locked";

	private final JdbcClient jdbc;

	CouponMinting(JdbcTemplate jdbc) {
		this.jdbc = JdbcClient.create(jdbc);
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public void mint(String promotionId, int quantity) {
		this.jdbc
			.sql("insert into coupon (id, promotion_id, status) select gen_random_uuid(), ?, " + CouponStatus.POOL.sql()
					+ " from generate_series(1, ?)")
			.params(promotionId, quantity)
			.update();
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public int burn(String promotionId, int quantity) {
		return this.jdbc.sql("delete from coupon where id in (" + UNCODED_IN_POOL + ")")
			.params(promotionId, quantity)
			.update();
	}

	@Override
	@Transactional(propagation = Propagation.MANDATORY)
	public List<String> assignCodes(String promotionId, int count) {
		List<UUID> coupons = this.jdbc.sql(UNCODED_IN_POOL).params(promotionId, count).query(UUID.class).list();
		List<String> codes = new ArrayList<>();
		for (UUID coupon : coupons) {
			String code = CouponCodes.next();
			this.jdbc.sql("update coupon set code = ? where id = ?").params(code, coupon).update();
			codes.add(code);
		}
		return codes;
	}

}
