package io.concord.fulfillment;

import io.concord.platform.security.AccessRules;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Partner webhooks (carriers, payment provider, suppliers) carry no Concord token: each
 * is authenticated by its partner's signature in the webhook handler. Everything else
 * follows the platform defaults.
 */
@Configuration(proxyBeanMethods = false)
class AccessConfiguration {

	@Bean
	AccessRules webhookAccessRules() {
		return (requests) -> requests.requestMatchers("/webhooks/**").permitAll();
	}

}
