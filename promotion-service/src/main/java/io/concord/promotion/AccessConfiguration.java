package io.concord.promotion;

import io.concord.platform.security.AccessRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Running campaigns, coupon templates and prices are public reads, and quotes are open to
 * guests (storefronts price carts before sign-in); claims and wallets need a member; the
 * order flow's calls need the order-flow service role; competitor price feeds carry no
 * Concord token (each is authenticated by its source's signature in the webhook handler);
 * everything else follows the platform defaults.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

	@Bean
	AccessRules promotionAccessRules() {
		return (requests) -> requests
			.requestMatchers(HttpMethod.GET, "/api/promotions/campaigns", "/api/promotions/coupons/*")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/api/promotions/quote")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/webhooks/competitors/*/observations")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/prices")
			.permitAll()
			.requestMatchers("/internal/promotions/orders", "/internal/promotions/orders/**",
					"/internal/promotions/quotes")
			.hasRole("service:order-flow");
	}

}
