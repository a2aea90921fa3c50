package io.concord.promotion.coupon;

import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Flash claims are served by group commit: a coupon drop is thousands of tiny
 * transactions, and committing them a batch at a time turns one WAL flush per claim into
 * one per batch. A member's claims share a lane, so they never wait on each other's
 * member row across lanes.
 */
@Configuration(proxyBeanMethods = false)
class CouponClaimCommits {

	@Bean
	GroupCommit<CouponIssuer.ClaimRequest, CouponIssuer.Claimed> couponClaimBatches(CouponIssuer issuer,
			PlatformTransactionManager transactions, @Value("${concord.promotion.claims.lanes:2}") int lanes,
			@Value("${concord.promotion.claims.max-batch:100}") int maxBatch,
			@Value("${concord.promotion.claims.queue-capacity:10000}") int queueCapacity) {
		return new GroupCommit<>("coupon-claims", new TransactionTemplate(transactions),
				new GroupCommit.Settings(lanes, maxBatch, queueCapacity),
				() -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("claims-saturated"),
						"Claims saturated", "Too many claims are waiting; try again shortly")
					.with("retryAfterSeconds", 1),
				issuer::claim);
	}

}
