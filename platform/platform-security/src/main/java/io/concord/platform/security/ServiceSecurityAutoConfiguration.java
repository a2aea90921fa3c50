package io.concord.platform.security;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.autoconfigure.UserDetailsServiceAutoConfiguration;
import org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration;
import org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * Every servlet service is a resource server for both trusted issuers: it checks each
 * token's signature, issuer, lifetime and audience itself and never trusts identity
 * headers, so a request that bypasses the gateway gets no further than one through it.
 */
@AutoConfiguration(before = { ServletWebSecurityAutoConfiguration.class, ManagementWebSecurityAutoConfiguration.class,
		OAuth2ResourceServerAutoConfiguration.class, UserDetailsServiceAutoConfiguration.class })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@EnableConfigurationProperties({ TrustedIssuers.class, SalesChannels.class })
@EnableWebSecurity
public class ServiceSecurityAutoConfiguration {

	private static final String PROBLEM_BASE = "https://concord.dev/problems/";

	/** Member tokens, checked against member-service's published keys. */
	@Bean
	@ConditionalOnMissingBean(name = "memberTokenDecoder")
	JwtDecoder memberTokenDecoder(TrustedIssuers issuers) {
		return remoteDecoder(issuers.member());
	}

	@Bean
	@ConditionalOnMissingBean(name = "staffTokenDecoder")
	JwtDecoder staffTokenDecoder(TrustedIssuers issuers) {
		return remoteDecoder(issuers.staff());
	}

	@Bean
	SecurityFilterChain concordServiceSecurity(HttpSecurity http, TrustedIssuers issuers,
			@Qualifier("memberTokenDecoder") JwtDecoder memberTokens,
			@Qualifier("staffTokenDecoder") JwtDecoder staffTokens, ObjectProvider<AccessRules> serviceRules,
			Environment environment) throws Exception {
		String admin = environment.getProperty("concord.admin.base-path", "/admin");
		Map<String, AuthenticationManager> byIssuer = Map.of(issuers.member().requiredIssuer(),
				manager(memberTokens, TokenAuthorities.member()), issuers.staff().requiredIssuer(),
				manager(staffTokens, TokenAuthorities.staff(issuers.staff())));
		JwtIssuerAuthenticationManagerResolver tokens = new JwtIssuerAuthenticationManagerResolver(byIssuer::get);
		AuthenticationEntryPoint unauthorized = unauthorized();
		AccessDeniedHandler forbidden = forbidden();
		http.csrf((csrf) -> csrf.disable())
			.httpBasic((basic) -> basic.disable())
			.formLogin((form) -> form.disable())
			.logout((logout) -> logout.disable())
			.requestCache((cache) -> cache.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((requests) -> {
				requests
					.requestMatchers("/actuator/**", "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html",
							"/swagger-ui/**", "/error")
					.permitAll();
				serviceRules.orderedStream().forEach((rules) -> rules.configure(requests));
				// Purging a load-test run's data (ADR-25): admins only.
				requests.requestMatchers(admin + "/test-runs/**")
					.hasRole(StaffRole.ADMIN.role())
					.requestMatchers(HttpMethod.GET, admin + "/**")
					.hasRole(StaffRole.OPS_VIEWER.role())
					.requestMatchers(HttpMethod.HEAD, admin + "/**")
					.hasRole(StaffRole.OPS_VIEWER.role())
					.requestMatchers(admin + "/config/**")
					.hasRole(StaffRole.ADMIN.role())
					.requestMatchers(admin + "/**")
					.hasRole(StaffRole.OPS_MANAGER.role())
					.anyRequest()
					.hasAuthority(TokenAuthorities.MEMBER);
			})
			.oauth2ResourceServer((resource) -> resource.authenticationManagerResolver(tokens)
				.authenticationEntryPoint(unauthorized)
				.accessDeniedHandler(forbidden))
			.exceptionHandling(
					(exceptions) -> exceptions.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden));
		return http.build();
	}

	private static JwtDecoder remoteDecoder(TrustedIssuers.Issuer issuer) {
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(issuer.requiredJwkSetUri()).build();
		decoder.setJwtValidator(TokenAuthorities.validator(issuer));
		return decoder;
	}

	private static AuthenticationManager manager(JwtDecoder decoder,
			Converter<Jwt, AbstractAuthenticationToken> authorities) {
		JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
		provider.setJwtAuthenticationConverter(authorities);
		return new ProviderManager(provider);
	}

	// The bearer entry point sets 401 and WWW-Authenticate (with error="invalid_token"
	// for a bad token); the body is problem+json like every other Concord error.
	private static AuthenticationEntryPoint unauthorized() {
		BearerTokenAuthenticationEntryPoint bearer = new BearerTokenAuthenticationEntryPoint();
		return (request, response, ex) -> {
			bearer.commence(request, response, ex);
			problem(response, 401, "unauthorized", "Unauthorized",
					"A valid access token is required (Authorization: Bearer ...).");
		};
	}

	private static AccessDeniedHandler forbidden() {
		return (request, response, ex) -> problem(response, 403, "forbidden", "Forbidden",
				"The access token does not grant this operation.");
	}

	private static void problem(HttpServletResponse response, int status, String slug, String title, String detail)
			throws IOException {
		response.setStatus(status);
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"" + PROBLEM_BASE + slug + "\",\"title\":\"" + title + "\",\"status\":" + status
					+ ",\"detail\":\"" + detail + "\"}");
	}

}
