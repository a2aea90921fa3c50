package io.concord.devissuer;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;
import org.springframework.security.oauth2.server.authorization.client.InMemoryRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.UrlBasedCorsConfigurationSource;
import org.springframework.web.filter.CorsFilter;

/**
 * One client per staff role ({@code ops-viewer}, {@code ops-manager}, {@code admin}), one
 * per calling service ({@code fulfillment-service}, role {@code service:order-flow}) and
 * one per sales channel backend ({@code channel-mini-program}, role
 * {@code channel:mini-program}, ...), whose secret is
 * {@code <client>-<concord.dev-staff-issuer.secret>}; a token carries its role in the
 * {@code roles} claim, where production identity providers are configured to put it too,
 * Concord's audience ({@code concord.dev-staff-issuer.audience}, which the services
 * require outside the local stack) and the client in {@code azp}.
 * <p>
 * Staff in a browser (the ops console) sign in with the authorization-code flow (OpenID
 * Connect, PKCE): the login page knows one local user per staff role, named after the
 * role, with the password {@code <role>-<concord.dev-staff-issuer.secret>}; their tokens
 * carry the user's role, the user as subject and {@code ops-console} in {@code azp}.
 */
@SpringBootApplication
public class DevStaffIssuerApplication {

	static final List<String> ROLES = List.of("ops-viewer", "ops-manager", "admin");

	/** Machine clients and their service role. */
	static final Map<String, String> SERVICE_CLIENTS = Map.of("fulfillment-service", "service:order-flow",
			// The load test's credential for shadow traffic (ADR-25).
			"load-test", "load-tester");

	/**
	 * Sales channel backends ({@code concord.member.channel-clients} in member-service):
	 * client {@code channel-<name>}, role {@code channel:<name>}.
	 */
	static final List<String> CHANNEL_CLIENTS = List.of("mini-program", "livestream", "marketplace", "store-pos",
			"app-backend");

	static final Map<String, String> MACHINE_CLIENTS = machineClients();

	/** The browser application staff sign in to (authorization code). */
	static final String CONSOLE_CLIENT = "ops-console";

	public static void main(String[] args) {
		SpringApplication.run(DevStaffIssuerApplication.class, args);
	}

	@Bean
	RegisteredClientRepository staffClients(@Value("${concord.dev-staff-issuer.secret}") String secret,
			@Value("${concord.dev-staff-issuer.token-lifetime}") Duration lifetime,
			@Value("${concord.dev-staff-issuer.console-redirect-uris}") List<String> consoleRedirects,
			@Value("${concord.dev-staff-issuer.console-signed-out-uris}") List<String> consoleSignedOut) {
		TokenSettings tokens = TokenSettings.builder().accessTokenTimeToLive(lifetime).build();
		List<RegisteredClient> clients = new java.util.ArrayList<>(Stream
			.concat(ROLES.stream(), MACHINE_CLIENTS.keySet().stream())
			.map((role) -> RegisteredClient.withId(UUID.randomUUID().toString())
				.clientId(role)
				.clientSecret("{noop}" + role + "-" + secret)
				.clientAuthenticationMethods(
						(methods) -> methods.addAll(Arrays.asList(ClientAuthenticationMethod.CLIENT_SECRET_BASIC,
								ClientAuthenticationMethod.CLIENT_SECRET_POST)))
				.authorizationGrantType(AuthorizationGrantType.CLIENT_CREDENTIALS)
				.tokenSettings(tokens)
				.build())
			.toList());
		clients.add(RegisteredClient.withId(UUID.randomUUID().toString())
			.clientId(CONSOLE_CLIENT)
			.clientSecret("{noop}" + CONSOLE_CLIENT + "-" + secret)
			.clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
			.authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
			.authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
			.redirectUris((uris) -> uris.addAll(consoleRedirects))
			// Signing out of the console ends the session here too, then returns there.
			.postLogoutRedirectUris((uris) -> uris.addAll(consoleSignedOut))
			.scope(OidcScopes.OPENID)
			.scope(OidcScopes.PROFILE)
			.clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false).build())
			.tokenSettings(tokens)
			.build());
		return new InMemoryRegisteredClientRepository(clients);
	}

	/**
	 * One local user per staff role for the browser sign-in, named after the role;
	 * password {@code <role>-<secret>}.
	 */
	@Bean
	UserDetailsService staffUsers(@Value("${concord.dev-staff-issuer.secret}") String secret) {
		return new InMemoryUserDetailsManager(ROLES.stream()
			.map((role) -> User.withUsername(role).password("{noop}" + role + "-" + secret).authorities(role).build())
			.toList());
	}

	@Bean
	OAuth2TokenCustomizer<JwtEncodingContext> staffRoles(
			@Value("${concord.dev-staff-issuer.audience}") String audience) {
		return (context) -> {
			String client = context.getRegisteredClient().getClientId();
			if (CONSOLE_CLIENT.equals(client)) {
				// A signed-in user: the role is the user's, never the console's.
				List<String> roles = context.getPrincipal()
					.getAuthorities()
					.stream()
					.map(GrantedAuthority::getAuthority)
					.filter(ROLES::contains)
					.toList();
				context.getClaims().claim("roles", roles).claim("preferred_username", context.getPrincipal().getName());
				if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
					context.getClaims().audience(List.of(audience)).claim("azp", client);
				}
			}
			else if (OAuth2TokenType.ACCESS_TOKEN.equals(context.getTokenType())) {
				context.getClaims()
					.claim("roles", List.of(MACHINE_CLIENTS.getOrDefault(client, client)))
					.audience(List.of(audience))
					.claim("azp", client);
			}
		};
	}

	private static Map<String, String> machineClients() {
		Map<String, String> clients = new LinkedHashMap<>(SERVICE_CLIENTS);
		CHANNEL_CLIENTS.forEach((name) -> clients.put("channel-" + name, "channel:" + name));
		return Map.copyOf(clients);
	}

	// A fresh key each start: tokens from a previous run stop validating, as they should.
	@Bean
	JWKSource<SecurityContext> signingKeys() throws JOSEException {
		return new ImmutableJWKSet<>(
				new JWKSet(new RSAKeyGenerator(2048).keyID(UUID.randomUUID().toString()).generate()));
	}

	// The launcher waits on the readiness probe; Boot's default chains stay as they are.
	@Bean
	org.springframework.security.config.annotation.web.configuration.WebSecurityCustomizer openHealthProbes() {
		return (web) -> web.ignoring().requestMatchers("/actuator/health", "/actuator/health/**");
	}

	/**
	 * The gateway's Swagger UI asks for a staff token from the browser (Authorize, the
	 * client-credentials flow), so the token endpoint answers cross-origin requests from
	 * the listed origins only; before Spring Security, which would send a preflight to
	 * the login page.
	 */
	@Bean
	FilterRegistrationBean<CorsFilter> tokenEndpointCors(
			@Value("${concord.dev-staff-issuer.allowed-origins}") List<String> origins) {
		CorsConfiguration cors = new CorsConfiguration();
		cors.setAllowedOrigins(origins);
		cors.setAllowedMethods(List.of("POST"));
		cors.setAllowedHeaders(List.of("Authorization", "Content-Type", "Accept", "X-Requested-With"));
		cors.setMaxAge(Duration.ofHours(1));
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		source.registerCorsConfiguration("/oauth2/token", cors);
		FilterRegistrationBean<CorsFilter> registration = new FilterRegistrationBean<>(new CorsFilter(source));
		registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
		return registration;
	}

	@Bean
	AuthorizationServerSettings authorizationServerSettings(
			@Value("${concord.dev-staff-issuer.issuer}") String issuer) {
		return AuthorizationServerSettings.builder().issuer(issuer).build();
	}

}
