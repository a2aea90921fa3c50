package io.concord.promotion.campaign;

import io.concord.platform.web.TestRunData;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * What purging a test run deletes of campaigns (ADR-25): after orders' promotions and
 * coupons, which refer to promotions.
 */
@Configuration(proxyBeanMethods = false)
class CampaignTestRuns {

	@Bean
	@Order(3)
	static TestRunData.Steps campaignTestRunData() {
		return TestRunData.Steps.of(TestRunData.table("promotion"), TestRunData.table("campaign"));
	}

}
