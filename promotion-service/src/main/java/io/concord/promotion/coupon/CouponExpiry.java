package io.concord.promotion.coupon;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Unused coupons past their validity expire (CouponExpired), in batches. */
@Component
class CouponExpiry {

	private static final Logger log = LoggerFactory.getLogger(CouponExpiry.class);

	private final Coupons coupons;

	CouponExpiry(Coupons coupons) {
		this.coupons = coupons;
	}

	@Scheduled(fixedDelayString = "${concord.promotion.coupons.expiry-check:1m}")
	void expire() {
		int expired;
		do {
			expired = this.coupons.expire(500);
			if (expired > 0) {
				log.info("Expired {} coupons", expired);
			}
		}
		while (expired == 500);
	}

}
