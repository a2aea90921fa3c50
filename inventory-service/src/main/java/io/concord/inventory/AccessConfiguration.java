package io.concord.inventory;

import io.concord.platform.security.AccessRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Availability is public (storefronts show it to anonymous shoppers); reservations for
 * the order flow need the order-flow service role (a machine client of the staff issuer);
 * everything else follows the platform defaults.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

	@Bean
	AccessRules inventoryAccessRules() {
		return (requests) -> requests.requestMatchers(HttpMethod.GET, "/api/inventory/**")
			.permitAll()
			.requestMatchers("/internal/inventory/reservations/**", "/internal/inventory/reservations")
			.hasRole("service:order-flow");
	}

}
