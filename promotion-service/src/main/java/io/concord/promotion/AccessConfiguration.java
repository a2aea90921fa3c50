package io.concord.promotion;

import io.concord.platform.security.AccessRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Campaigns and coupon offers are public reads (storefronts show them to anonymous
 * shoppers); everything else follows the platform defaults.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

	@Bean
	AccessRules promotionAccessRules() {
		return (requests) -> requests.requestMatchers(HttpMethod.GET, "/api/promotions/**").permitAll();
	}

}
