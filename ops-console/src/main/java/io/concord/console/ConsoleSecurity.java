package io.concord.console;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.mapping.GrantedAuthoritiesMapper;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.user.OidcUserAuthority;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Staff sign in with the authorization-code flow (OpenID Connect, PKCE) at the staff
 * issuer, registration {@value #REGISTRATION}; every page but the static assets, the
 * probes and the signed-out page needs a signed-in user, and an unauthenticated request
 * goes straight to the issuer's sign-in. Signing out ends the issuer's session too.
 */
@Configuration(proxyBeanMethods = false)
class ConsoleSecurity {

	/** The client registration of the staff issuer. */
	static final String REGISTRATION = "staff";

	@Bean
	ClientRegistrationRepository staffIssuer(ConsoleProperties properties) {
		ConsoleProperties.Staff staff = properties.staff();
		ClientRegistration registration = ClientRegistration.withRegistrationId(REGISTRATION)
			.clientId(staff.clientId())
			.clientSecret(staff.clientSecret())
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			// By default built from the request (the gateway keeps the client's Host).
			.redirectUri(staff.redirectUri())
			.scope("openid", "profile")
			.issuerUri(staff.issuer())
			.authorizationUri(staff.authorizationUri())
			.tokenUri(staff.tokenUri())
			.jwkSetUri(staff.jwkSetUri())
			.userNameAttributeName("sub")
			.providerConfigurationMetadata(Map.of("end_session_endpoint", staff.endSessionUri()))
			.clientName("Staff sign-in")
			.build();
		return new InMemoryClientRegistrationRepository(registration);
	}

	/**
	 * Tokens for calls made outside a request too (the board's polling): the authorized
	 * client is kept per signed-in user and refreshed when it expires.
	 */
	@Bean
	OAuth2AuthorizedClientManager authorizedClients(ClientRegistrationRepository registrations,
			OAuth2AuthorizedClientService clients) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				registrations, clients);
		manager.setAuthorizedClientProvider(
				OAuth2AuthorizedClientProviderBuilder.builder().authorizationCode().refreshToken().build());
		return manager;
	}

	@Bean
	SecurityFilterChain consoleChain(HttpSecurity http, ClientRegistrationRepository registrations,
			ConsoleProperties properties) throws Exception {
		DefaultOAuth2AuthorizationRequestResolver pkce = new DefaultOAuth2AuthorizationRequestResolver(registrations,
				"/oauth2/authorization");
		pkce.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
		OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
		signedOut.setPostLogoutRedirectUri(properties.staff().signedOutUri());
		http.authorizeHttpRequests((requests) -> requests
			.requestMatchers("/css/**", "/js/**", "/webjars/**", "/favicon.ico", "/signed-out", "/error",
					"/actuator/health", "/actuator/health/**")
			.permitAll()
			.anyRequest()
			.authenticated())
			.oauth2Login(
					(login) -> login.authorizationEndpoint((endpoint) -> endpoint.authorizationRequestResolver(pkce))
						.userInfoEndpoint((userInfo) -> userInfo.userAuthoritiesMapper(roles(properties.staff())))
						// One issuer: skip the chooser page.
						.loginPage("/oauth2/authorization/" + REGISTRATION)
						// Not back to the sign-in (which would loop): a page that says
						// what failed.
						.failureUrl("/signed-out?error"))
			.oauth2Client(Customizer.withDefaults())
			.logout((logout) -> logout.logoutSuccessHandler(signedOut));
		return http.build();
	}

	/** The user's staff roles from the ID token's roles claim. */
	private static GrantedAuthoritiesMapper roles(ConsoleProperties.Staff staff) {
		return (authorities) -> {
			Set<GrantedAuthority> mapped = new HashSet<>();
			for (GrantedAuthority authority : authorities) {
				if (authority instanceof OidcUserAuthority oidc) {
					mapped.addAll(StaffRoles.authorities(oidc.getIdToken().getClaims(), staff.rolesClaim(),
							staff.rolePrefix()));
				}
			}
			return mapped;
		};
	}

}
