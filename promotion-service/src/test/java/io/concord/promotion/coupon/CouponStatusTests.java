package io.concord.promotion.coupon;

import org.junit.jupiter.api.Test;

import static io.concord.promotion.coupon.CouponStatus.AVAILABLE;
import static io.concord.promotion.coupon.CouponStatus.EXPIRED;
import static io.concord.promotion.coupon.CouponStatus.LOCKED;
import static io.concord.promotion.coupon.CouponStatus.POOL;
import static io.concord.promotion.coupon.CouponStatus.REDEEMED;
import static io.concord.promotion.coupon.CouponStatus.VOIDED;
import static org.assertj.core.api.Assertions.assertThat;

class CouponStatusTests {

	@Test
	void aCouponMovesOnlyAlongItsLifecycle() {
		assertThat(POOL.canMoveTo(AVAILABLE)).isTrue();
		assertThat(AVAILABLE.canMoveTo(LOCKED)).isTrue();
		assertThat(LOCKED.canMoveTo(REDEEMED)).isTrue();
		assertThat(LOCKED.canMoveTo(AVAILABLE)).isTrue();
		assertThat(REDEEMED.canMoveTo(AVAILABLE)).isTrue();
		assertThat(REDEEMED.canMoveTo(EXPIRED)).isTrue();
		assertThat(AVAILABLE.canMoveTo(EXPIRED)).isTrue();
		assertThat(AVAILABLE.canMoveTo(VOIDED)).isTrue();
		assertThat(LOCKED.canMoveTo(VOIDED)).isTrue();

		assertThat(POOL.canMoveTo(LOCKED)).isFalse();
		assertThat(AVAILABLE.canMoveTo(REDEEMED)).isFalse();
		assertThat(REDEEMED.canMoveTo(VOIDED)).isFalse();
		for (CouponStatus next : CouponStatus.values()) {
			assertThat(EXPIRED.canMoveTo(next)).isFalse();
			assertThat(VOIDED.canMoveTo(next)).isFalse();
			assertThat(next.canMoveTo(POOL)).isFalse();
		}
	}

	@Test
	void statementsReadTheStatesAsStored() {
		assertThat(CouponStatus.Transition.ISSUE.fromSql("status")).isEqualTo("status = 'POOL'");
		assertThat(CouponStatus.Transition.RELEASE.fromSql("status")).isEqualTo("status in ('LOCKED', 'REDEEMED')");
		assertThat(CouponStatus.Transition.VOID.to().sql()).isEqualTo("'VOIDED'");
	}

}
