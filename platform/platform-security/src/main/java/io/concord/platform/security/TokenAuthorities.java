package io.concord.platform.security;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * What a validated token grants. The issuer decides the kind of caller: a member-service
 * token is a member (authority {@value #MEMBER}, name = member id) and can never carry
 * staff roles; a staff-issuer token carries only the {@link StaffRole}s named in its
 * roles claim and is never a member.
 */
public final class TokenAuthorities {

	/** The authority of a signed-in member. */
	public static final String MEMBER = "MEMBER";

	/**
	 * Prefix of a channel client's authority: a sales channel's backend (mini-program,
	 * livestream, POS, ...) holding a staff-issuer client credential with role
	 * {@code channel:<name>} gets {@code ROLE_channel:<name>}.
	 */
	public static final String CHANNEL_AUTHORITY_PREFIX = "ROLE_channel:";

	/**
	 * The role of the load-test client (shadow traffic, ADR-25): it only vouches that a
	 * tagged request is part of a sanctioned rehearsal and implies nothing else (no staff
	 * rights, no member's).
	 */
	public static final String LOAD_TESTER = "load-tester";

	private TokenAuthorities() {
	}

	public static Converter<Jwt, AbstractAuthenticationToken> member() {
		return (jwt) -> new JwtAuthenticationToken(jwt, List.of(new SimpleGrantedAuthority(MEMBER)), jwt.getSubject());
	}

	public static Converter<Jwt, AbstractAuthenticationToken> staff(TrustedIssuers.Issuer issuer) {
		String claim = (issuer.rolesClaim() != null) ? issuer.rolesClaim() : "roles";
		String prefix = issuer.rolePrefix();
		if (prefix == null || prefix.isBlank()) {
			return (jwt) -> new JwtAuthenticationToken(jwt, staffRoles(jwt, claim), jwt.getSubject());
		}
		return (jwt) -> new JwtAuthenticationToken(jwt, staffRoles(namespaced(jwt, claim, prefix), "roles"),
				jwt.getSubject());
	}

	// Only the roles carrying the prefix, without it: a realm role "admin" (some other
	// application's) grants nothing when Concord's is "concord:admin".
	private static Jwt namespaced(Jwt jwt, String claimPath, String prefix) {
		Object value = jwt.getClaims();
		for (String part : claimPath.split("\\.")) {
			value = (value instanceof Map<?, ?> map) ? map.get(part) : null;
		}
		List<String> roles = values(value).stream()
			.filter((role) -> role.startsWith(prefix))
			.map((role) -> role.substring(prefix.length()))
			.toList();
		return Jwt.withTokenValue(jwt.getTokenValue())
			.headers((headers) -> headers.putAll(jwt.getHeaders()))
			.claim("roles", roles)
			.build();
	}

	/**
	 * Signature is checked by the decoder; this checks issuer, lifetime, audience and,
	 * when configured, the authorized party.
	 */
	public static OAuth2TokenValidator<Jwt> validator(TrustedIssuers.Issuer issuer) {
		List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
		validators.add(JwtValidators.createDefaultWithIssuer(issuer.requiredIssuer()));
		String audience = issuer.audience();
		if (audience != null) {
			validators.add((jwt) -> (jwt.getAudience() != null && jwt.getAudience().contains(audience))
					? OAuth2TokenValidatorResult.success() : OAuth2TokenValidatorResult
						.failure(new OAuth2Error("invalid_token", "The token is not meant for " + audience, null)));
		}
		List<String> parties = issuer.authorizedParties();
		if (!parties.isEmpty()) {
			// azp names the client the token was issued to: another internal
			// application's
			// token carries its own client id, even with a shared audience.
			validators.add((jwt) -> parties.contains(jwt.getClaimAsString("azp")) ? OAuth2TokenValidatorResult.success()
					: OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token",
							"The token was issued to a client not trusted here", null)));
		}
		return (validators.size() == 1) ? validators.get(0) : new DelegatingOAuth2TokenValidator<>(validators);
	}

	// Machine clients: services calling services ("service:<name>") and sales channels'
	// backends ("channel:<name>").
	private static final java.util.regex.Pattern MACHINE_ROLE = java.util.regex.Pattern
		.compile("(service|channel):[a-z][a-z0-9-]{0,62}");

	static Collection<GrantedAuthority> staffRoles(Jwt jwt, String claimPath) {
		Object value = jwt.getClaims();
		for (String part : claimPath.split("\\.")) {
			value = (value instanceof Map<?, ?> map) ? map.get(part) : null;
		}
		// Expanded here (admin -> ops-manager -> ops-viewer), so servlet and reactive
		// checks agree without each configuring a role hierarchy.
		Set<StaffRole> granted = EnumSet.noneOf(StaffRole.class);
		for (String role : values(value)) {
			StaffRole.fromClaim(role).ifPresent((known) -> granted.addAll(known.withImplied()));
		}
		List<GrantedAuthority> authorities = new ArrayList<>();
		granted.forEach((role) -> authorities.add(new SimpleGrantedAuthority(role.authority())));
		// Machine clients (one service calling another, or a channel's backend) carry
		// "service:<name>" or "channel:<name>" roles, which imply nothing else:
		// order-flow
		// may reserve stock but not read the admin API, a mini-program backend may vouch
		// for its shoppers but not act as one.
		for (String role : values(value)) {
			if (MACHINE_ROLE.matcher(role).matches() || role.equals(LOAD_TESTER)) {
				authorities.add(new SimpleGrantedAuthority("ROLE_" + role));
			}
		}
		return authorities;
	}

	private static List<String> values(@Nullable Object claim) {
		if (claim instanceof Collection<?> collection) {
			return collection.stream().map(String::valueOf).toList();
		}
		if (claim instanceof String text) {
			return Arrays.stream(text.split("[\\s,]+")).filter((role) -> !role.isEmpty()).toList();
		}
		return List.of();
	}

}
