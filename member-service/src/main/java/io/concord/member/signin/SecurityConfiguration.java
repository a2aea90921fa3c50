package io.concord.member.signin;

import java.io.IOException;

import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import jakarta.servlet.http.HttpServletResponse;
import io.concord.platform.web.ProblemTypes;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * member-service verifies member tokens itself (it does not trust identity headers): the
 * storefront endpoints about "me" need a valid access token signed by one of its keys.
 * Registration, sign-in and the JWKS are open. Admin routes are open here until the
 * gateway issue adds staff authentication and roles.
 */
@Configuration(proxyBeanMethods = false)
class SecurityConfiguration {

	@Bean
	SecurityFilterChain memberSecurity(HttpSecurity http) throws Exception {
		http.csrf((csrf) -> csrf.disable())
			.sessionManagement((session) -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
			.authorizeHttpRequests((authorize) -> authorize.requestMatchers(HttpMethod.GET, "/api/members/tiers")
				.permitAll()
				.requestMatchers("/api/members/me", "/api/members/me/**")
				.authenticated()
				.requestMatchers(HttpMethod.GET, "/api/members/*")
				.authenticated()
				.anyRequest()
				.permitAll())
			.oauth2ResourceServer((resource) -> resource.jwt((jwt) -> {
			}).authenticationEntryPoint((request, response, ex) -> unauthorized(response)))
			.exceptionHandling((exceptions) -> exceptions
				.authenticationEntryPoint((request, response, ex) -> unauthorized(response)));
		return http.build();
	}

	@Bean
	JwtDecoder memberTokenDecoder(SigningKeys keys, SignInProperties properties) {
		JWKSource<SecurityContext> source = (selector, context) -> selector.select(keys.publicKeys());
		NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(source).build();
		decoder.setJwtValidator(
				new DelegatingOAuth2TokenValidator<>(JwtValidators.createDefaultWithIssuer(properties.issuer()),
						(jwt) -> jwt.getAudience().contains(properties.audience())
								? org.springframework.security.oauth2.core.OAuth2TokenValidatorResult.success()
								: org.springframework.security.oauth2.core.OAuth2TokenValidatorResult
									.failure(new org.springframework.security.oauth2.core.OAuth2Error("invalid_token",
											"wrong audience", null))));
		return decoder;
	}

	@Bean
	PasswordEncoder passwordEncoder() {
		return new BCryptPasswordEncoder();
	}

	private static void unauthorized(HttpServletResponse response) throws IOException {
		response.setStatus(401);
		response.setHeader("WWW-Authenticate", "Bearer");
		response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
		response.getWriter()
			.write("{\"type\":\"" + ProblemTypes.of("unauthorized") + "\",\"title\":\"Unauthorized\",\"status\":401,"
					+ "\"detail\":\"A valid member access token is required.\"}");
	}

}
