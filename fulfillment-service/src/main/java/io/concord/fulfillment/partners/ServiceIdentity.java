package io.concord.fulfillment.partners;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * The service's own identity: a client-credentials token from the staff issuer
 * (registration {@code order-flow}), fetched by Spring Security's OAuth2 client and
 * reused until shortly before it expires.
 */
@Configuration(proxyBeanMethods = false)
class ServiceIdentity {

	@Bean
	@ConditionalOnMissingBean
	ServiceTokens serviceTokens(ClientRegistrationRepository registrations, OAuth2AuthorizedClientService clients) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, clients);
		return () -> {
			OAuth2AuthorizedClient client = manager
				.authorize(OAuth2AuthorizeRequest.withClientRegistrationId("order-flow")
					.principal("fulfillment-service")
					.build());
			if (client == null) {
				throw new PartnerUnavailable("No service token from the staff issuer");
			}
			return client.getAccessToken().getTokenValue();
		};
	}

}
