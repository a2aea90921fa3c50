package io.concord.platform.security;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The two token issuers Concord trusts. Unset fields take the local-stack defaults;
 * production sets them from the environment ({@code CONCORD_SECURITY_STAFF_ISSUER},
 * {@code CONCORD_SECURITY_STAFF_JWK_SET_URI}, ...).
 *
 * @param member member-service, which signs storefront access tokens
 * @param staff the staff OIDC provider (Keycloak, Entra ID, Okta, ... or the local
 * development issuer)
 */
@ConfigurationProperties("concord.security")
public record TrustedIssuers(@Nullable Issuer member, @Nullable Issuer staff) {

	public TrustedIssuers {
		member = Issuer.orDefaults(member,
				new Issuer("concord-member-service", "http://localhost:8081/api/auth/jwks", "concord", null));
		staff = Issuer.orDefaults(staff,
				new Issuer("http://localhost:9000", "http://localhost:9000/oauth2/jwks", null, "roles"));
	}

	@Override
	public Issuer member() {
		return Objects.requireNonNull(this.member);
	}

	@Override
	public Issuer staff() {
		return Objects.requireNonNull(this.staff);
	}

	/**
	 * @param issuer the {@code iss} claim tokens must carry
	 * @param jwkSetUri where the issuer publishes its public keys
	 * @param audience the {@code aud} tokens must include (none: not checked; outside the
	 * local stack the staff audience is required at startup)
	 * @param rolesClaim for staff, the claim holding the roles; a dotted path reaches
	 * into nested claims (Keycloak: {@code realm_access.roles})
	 * @param rolePrefix for staff, when set only roles carrying it count, without it
	 * ({@code concord:} makes {@code concord:admin} the admin role, and a realm-wide
	 * {@code admin} grants nothing)
	 * @param authorizedParties when set, the {@code azp} claim (the client the token was
	 * issued to) must be one of them
	 */
	public record Issuer(@Nullable String issuer, @Nullable String jwkSetUri, @Nullable String audience,
			@Nullable String rolesClaim, @Nullable String rolePrefix, List<String> authorizedParties) {

		@ConstructorBinding
		public Issuer(@Nullable String issuer, @Nullable String jwkSetUri, @Nullable String audience,
				@Nullable String rolesClaim, @Nullable String rolePrefix, @Nullable List<String> authorizedParties) {
			this.issuer = issuer;
			this.jwkSetUri = jwkSetUri;
			this.audience = audience;
			this.rolesClaim = rolesClaim;
			this.rolePrefix = rolePrefix;
			this.authorizedParties = (authorizedParties != null)
					? authorizedParties.stream().map(String::strip).filter((party) -> !party.isEmpty()).toList()
					: List.of();
		}

		public Issuer(@Nullable String issuer, @Nullable String jwkSetUri, @Nullable String audience,
				@Nullable String rolesClaim) {
			this(issuer, jwkSetUri, audience, rolesClaim, null, List.of());
		}

		static Issuer orDefaults(@Nullable Issuer configured, Issuer defaults) {
			if (configured == null) {
				return defaults;
			}
			return new Issuer(or(configured.issuer, defaults.issuer), or(configured.jwkSetUri, defaults.jwkSetUri),
					or(configured.audience, defaults.audience), or(configured.rolesClaim, defaults.rolesClaim),
					or(configured.rolePrefix, defaults.rolePrefix),
					configured.authorizedParties.isEmpty() ? defaults.authorizedParties : configured.authorizedParties);
		}

		private static @Nullable String or(@Nullable String value, @Nullable String fallback) {
			return (value != null && !value.isBlank()) ? value : fallback;
		}

		public String requiredIssuer() {
			return Objects.requireNonNull(this.issuer, "issuer");
		}

		public String requiredJwkSetUri() {
			return Objects.requireNonNull(this.jwkSetUri, "jwk-set-uri");
		}

	}

}
