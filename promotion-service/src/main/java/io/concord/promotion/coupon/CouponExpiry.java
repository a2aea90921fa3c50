package io.concord.promotion.coupon;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Unused coupons past their validity expire (CouponExpired), and those about to are
 * announced once (CouponExpiringSoon), in batches.
 */
@Component
class CouponExpiry {

	private static final Logger log = LoggerFactory.getLogger(CouponExpiry.class);

	private final Coupons coupons;

	private final Duration warnAhead;

	CouponExpiry(Coupons coupons, @Value("${concord.promotion.coupons.expiry-warning:24h}") Duration warnAhead) {
		this.coupons = coupons;
		this.warnAhead = warnAhead;
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
		int warned;
		do {
			warned = this.coupons.warnExpiring(this.warnAhead, 500);
			if (warned > 0) {
				log.info("Announced {} coupons expiring within {}", warned, this.warnAhead);
			}
		}
		while (warned == 500);
	}

}
