package io.concord.member.signin;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import io.concord.platform.security.AccessRules;
import io.concord.platform.security.TokenAuthorities;
import io.concord.platform.security.TrustedIssuers;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * member-service is the member token issuer, so it checks member tokens against its own
 * public keys (cached from the database, never the private key) instead of its public
 * JWKS. Registration, code requests, sign-in, the JWKS and the tier catalogue are open (a
 * channel client calls registration and sign-in with its token); the rest follows the
 * platform defaults (members for {@code /api/members/me/**}, staff roles for
 * {@code /admin/members/**}); {@code /internal/members/**} is the order flow's (role
 * {@code service:order-flow}).
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	AccessRules memberAccessRules() {
		return (requests) -> requests
			.requestMatchers(HttpMethod.POST, "/api/members", "/api/members/verification-codes")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/members/tiers")
			.permitAll()
			.requestMatchers(HttpMethod.POST, "/api/auth/token", "/api/auth/one-time-codes")
			.permitAll()
			.requestMatchers(HttpMethod.GET, "/api/auth/jwks")
			.permitAll()
			// Only exists when concord.member.dev-tools.enabled (the local stack).
			.requestMatchers(HttpMethod.GET, "/dev/one-time-codes", "/dev/notifications")
			.permitAll()
			// Points paying for orders and the buyer behind a channel order: the
			// order flow only (never routed by the gateway).
			.requestMatchers("/internal/members/**")
			.hasRole("service:order-flow");
	}

	@Bean
	JwtDecoder memberTokenDecoder(SigningKeys keys, SignInProperties properties) {
		JWKSource<SecurityContext> source = (selector, context) -> keys.verificationKeys(selector);
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(source).build();
		decoder.setJwtValidator(TokenAuthorities
			.validator(new TrustedIssuers.Issuer(properties.issuer(), null, properties.audience(), null)));
		return decoder;
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

}
