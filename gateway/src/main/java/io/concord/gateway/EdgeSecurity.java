package io.concord.gateway;

import java.net.URI;
import java.util.Map;

import io.concord.platform.security.StaffRole;
import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.security.TrustedIssuers;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.ReactiveAuthenticationManager;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerReactiveAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.authentication.JwtReactiveAuthenticationManager;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * Who may come through the door. The gateway validates member tokens (member-service's
 * JWKS) and staff tokens (the staff OIDC issuer) and applies the coarse rules; every
 * service validates the same token again and applies the fine ones (object-level checks),
 * so nothing depends on headers the gateway might have added. Anonymous callers reach the
 * catalogue and availability reads, registration, sign-in and the partner webhooks (which
 * fulfillment-service authenticates by signature).
 */
@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
@EnableConfigurationProperties(TrustedIssuers.class)
class EdgeSecurity {

	private static final String[] ADMIN_APIS = { "/admin/members/**", "/admin/inventory/**", "/admin/promotions/**",
			"/admin/fulfillment/**" };

	/**
	 * The firewall refuses paths with encoded NUL, empty or dot segments and the like
	 * before anything routes them; the caller learns why in the usual problem shape.
	 */
	@Bean
	ServerExchangeRejectedHandler rejectedRequestProblem() {
		return (exchange, rejected) -> Problems.write(exchange, HttpStatus.BAD_REQUEST, "malformed-request",
				"Malformed request",
				"The request path may not contain empty or dot segments, encoded slashes, control characters or NUL.");
	}

	/**
	 * Staff-issuer tokens, checked once per key cache: the bearer tokens of staff and
	 * machine clients, and the load-test credential ({@link TestRunGate}).
	 */
	@Bean
	StaffTokens staffTokens(TrustedIssuers issuers, GatewayProperties properties) {
		return new StaffTokens(manager(issuers.staff(), properties.jwks(), TokenAuthorities.staff(issuers.staff())));
	}

	/** The staff issuer's token check. */
	record StaffTokens(ReactiveAuthenticationManager manager) {
	}

	@Bean
	SecurityWebFilterChain edgeSecurityChain(ServerHttpSecurity http, TrustedIssuers issuers,
			GatewayProperties properties, StaffTokens staffTokens) {
		Map<String, ReactiveAuthenticationManager> byIssuer = Map.of(issuers.member().requiredIssuer(),
				manager(issuers.member(), properties.jwks(), TokenAuthorities.member()),
				issuers.staff().requiredIssuer(), staffTokens.manager());
		ServerAuthenticationEntryPoint unauthorized = unauthorized();
		ServerAccessDeniedHandler forbidden = (exchange, denied) -> Problems.write(exchange, HttpStatus.FORBIDDEN,
				"forbidden", "Forbidden", "The access token does not grant this operation.");
		String viewer = StaffRole.OPS_VIEWER.role();
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			// The gateway's SecureHeaders filter owns the response headers.
			.headers((headers) -> headers.disable())
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.authorizeExchange((exchanges) -> exchanges.pathMatchers(HttpMethod.OPTIONS)
				.permitAll()
				// The gateway's probes, fallbacks and the public API docs. Its actuator
				// is on
				// the management port only (not routed from outside); the full OpenAPI
				// documents are /admin/{service}/openapi.
				.pathMatchers("/livez", "/readyz", "/fallback/**", "/swagger-ui.html", "/swagger-ui/**", "/webjars/**",
						"/v3/api-docs/swagger-config", "/openapi/**")
				.permitAll()
				// The ops console signs its users in itself (staff OIDC, authorization
				// code) and calls the admin API through here with their tokens.
				.pathMatchers("/ops", "/ops/**")
				.permitAll()
				// The AsyncAPI page for partners (partner-docs): static, read-only.
				.pathMatchers(HttpMethod.GET, "/asyncapi", "/asyncapi/**")
				.permitAll()
				.pathMatchers(HttpMethod.POST, "/api/members", "/api/members/verification-codes", "/api/auth/token",
						"/api/auth/one-time-codes", "/api/promotions/quote")
				.permitAll()
				.pathMatchers(HttpMethod.GET, "/api/auth/jwks", "/api/members/tiers", "/api/inventory/**",
						"/api/promotions/campaigns", "/api/promotions/coupons/*", "/api/prices")
				.permitAll()
				// Guests fill a cart too; merging and checking one out needs a member.
				.pathMatchers(HttpMethod.GET, "/api/cart")
				.permitAll()
				.pathMatchers(HttpMethod.PUT, "/api/cart")
				.permitAll()
				.pathMatchers(HttpMethod.DELETE, "/api/cart")
				.permitAll()
				.pathMatchers("/webhooks/**")
				.permitAll()
				// Purging a load-test run's data (ADR-25): admins only.
				.pathMatchers("/admin/*/test-runs/**")
				.hasRole(StaffRole.ADMIN.role())
				.pathMatchers(HttpMethod.GET, ADMIN_APIS)
				.hasRole(viewer)
				.pathMatchers(HttpMethod.HEAD, ADMIN_APIS)
				.hasRole(viewer)
				.pathMatchers("/admin/*/config/**")
				.hasRole(StaffRole.ADMIN.role())
				.pathMatchers(ADMIN_APIS)
				.hasRole(StaffRole.OPS_MANAGER.role())
				.pathMatchers("/api/members/**", "/api/auth/**", "/api/inventory/**", "/api/promotions/**",
						"/api/orders/**", "/api/returns/**", "/api/cart/**")
				.hasAuthority(TokenAuthorities.MEMBER)
				// Anything else is not routed: the gateway answers 404.
				.anyExchange()
				.permitAll())
			.oauth2ResourceServer((resource) -> resource
				.authenticationManagerResolver(new JwtIssuerReactiveAuthenticationManagerResolver(
						(issuer) -> Mono.justOrEmpty(byIssuer.get(issuer))))
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
		return http.build();
	}

	private static ReactiveAuthenticationManager manager(TrustedIssuers.Issuer issuer, GatewayProperties.Jwks jwks,
			org.springframework.core.convert.converter.Converter<Jwt, AbstractAuthenticationToken> authorities) {
		IssuerKeys keys = new IssuerKeys(issuer.requiredIssuer(), URI.create(issuer.requiredJwkSetUri()), jwks,
				Schedulers.parallel());
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keys::forToken).build();
		decoder.setJwtValidator(TokenAuthorities.validator(issuer));
		JwtReactiveAuthenticationManager manager = new JwtReactiveAuthenticationManager(decoder);
		manager.setJwtAuthenticationConverter(new ReactiveJwtAuthenticationConverterAdapter(authorities));
		return manager;
	}

	// Like Spring's bearer entry point (RFC 6750 challenge), with a problem+json body.
	private static ServerAuthenticationEntryPoint unauthorized() {
		return (exchange, ex) -> {
			boolean badToken = ex instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException;
			exchange.getResponse()
				.getHeaders()
				.set("WWW-Authenticate", badToken ? "Bearer error=\"invalid_token\"" : "Bearer");
			return Problems.write(exchange, HttpStatus.UNAUTHORIZED, "unauthorized", "Unauthorized",
					badToken ? "The access token is invalid or expired."
							: "A valid access token is required (Authorization: Bearer ...).");
		};
	}

}
