package io.concord.fulfillment.partners;

import java.net.http.HttpClient;
import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.endpoint.RestClientClientCredentialsTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The service's own identity: a client-credentials token from the staff issuer
 * (registration {@code order-flow}), fetched by Spring Security's OAuth2 client and
 * reused until shortly before it expires.
 */
@Configuration(proxyBeanMethods = false)
class ServiceIdentity {

	private static final String REGISTRATION = "order-flow";

	private static final String PRINCIPAL = "fulfillment-service";

	@Bean
	@ConditionalOnMissingBean
	ServiceTokens serviceTokens(ClientRegistrationRepository registrations, OAuth2AuthorizedClientService clients) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, clients);
		// The token endpoint is called inside order placement: it gets timeouts like
		// every
		// other call (the default client has none).
		JdkClientHttpRequestFactory requests = new JdkClientHttpRequestFactory(
				HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build());
		requests.setReadTimeout(Duration.ofSeconds(5));
		RestClientClientCredentialsTokenResponseClient tokenClient = new RestClientClientCredentialsTokenResponseClient();
		tokenClient.setRestClient(RestClient.builder().requestFactory(requests).messageConverters((converters) -> {
			converters.clear();
			converters.add(new FormHttpMessageConverter());
			converters.add(new OAuth2AccessTokenResponseHttpMessageConverter());
		}).defaultStatusHandler(new OAuth2ErrorResponseErrorHandler()).build());
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder()
			.clientCredentials((credentials) -> credentials.accessTokenResponseClient(tokenClient))
			.build());
		return new ServiceTokens() {

			@Override
			public String bearer() {
				OAuth2AuthorizedClient client;
				try {
					client = manager.authorize(
							OAuth2AuthorizeRequest.withClientRegistrationId(REGISTRATION).principal(PRINCIPAL).build());
				}
				catch (RuntimeException ex) {
					throw new PartnerUnavailable("No service token from the staff issuer: " + ex.getMessage(), ex);
				}
				if (client == null) {
					throw new PartnerUnavailable("No service token from the staff issuer");
				}
				return client.getAccessToken().getTokenValue();
			}

			@Override
			public void forget() {
				clients.removeAuthorizedClient(REGISTRATION, PRINCIPAL);
			}

		};
	}

}
