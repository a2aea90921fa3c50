package io.concord.fulfillment;

import io.concord.platform.security.AccessRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * Partner webhooks (carriers, payment provider, suppliers) carry no Concord token: each
 * is authenticated by its partner's signature in the webhook handler. Guests may read and
 * fill a cart (found by its unguessable id); merging and checking one out needs a member.
 * Everything else follows the platform defaults.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

	@Bean
	AccessRules webhookAccessRules() {
		return (requests) -> requests.requestMatchers("/webhooks/**")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/cart")
			.permitAll()
			.requestMatchers(HttpMethod.PUT, "/api/cart")
			.permitAll()
			.requestMatchers(HttpMethod.DELETE, "/api/cart")
			.permitAll();
	}

}
