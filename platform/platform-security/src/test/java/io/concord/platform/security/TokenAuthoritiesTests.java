package io.concord.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.jwt.Jwt;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAuthoritiesTests {

	private static final TrustedIssuers ISSUERS = new TrustedIssuers(null,
			new TrustedIssuers.Issuer(null, null, null, "realm_access.roles"));

	@Test
	void eachRoleImpliesTheOnesBelowIt() {
		assertThat(staff(Map.of("roles", List.of("admin")), "roles")).containsExactlyInAnyOrder("ROLE_admin",
				"ROLE_ops-manager", "ROLE_ops-viewer");
		assertThat(staff(Map.of("roles", List.of("ops-manager")), "roles"))
			.containsExactlyInAnyOrder("ROLE_ops-manager", "ROLE_ops-viewer");
		assertThat(staff(Map.of("roles", "ops-viewer"), "roles")).containsExactly("ROLE_ops-viewer");
	}

	@Test
	void rolesAreReadFromANestedClaimAndUnknownRolesGrantNothing() {
		assertThat(staff(Map.of("realm_access", Map.of("roles", List.of("ops-viewer", "offline_access", "superuser"))),
				ISSUERS.staff().rolesClaim()))
			.containsExactly("ROLE_ops-viewer");
		assertThat(staff(Map.of("roles", List.of("ROLE_admin", "Admin")), "roles")).isEmpty();
		assertThat(staff(Map.of("other", "admin"), "roles")).isEmpty();
	}

	@Test
	void serviceRolesGrantThemselvesOnly() {
		assertThat(staff(Map.of("roles", List.of("service:order-flow")), "roles"))
			.containsExactly("ROLE_service:order-flow");
		assertThat(staff(Map.of("roles", List.of("service:", "service:Order Flow", "services:x")), "roles")).isEmpty();
		assertThat(staff(Map.of("roles", List.of("ops-viewer", "service:order-flow")), "roles"))
			.containsExactlyInAnyOrder("ROLE_ops-viewer", "ROLE_service:order-flow");
	}

	@Test
	void channelRolesGrantThemselvesOnly() {
		assertThat(staff(Map.of("roles", List.of("channel:mini-program")), "roles"))
			.containsExactly("ROLE_channel:mini-program");
		assertThat(staff(Map.of("roles", List.of("channel:", "channel:Mini Program", "channels:x", "Channel:pos")),
				"roles"))
			.isEmpty();
		assertThat(staff(Map.of("roles", List.of("channel:store-pos", "service:order-flow")), "roles"))
			.as("neither implies a staff role nor the other")
			.containsExactlyInAnyOrder("ROLE_channel:store-pos", "ROLE_service:order-flow");
		assertThat(staff(Map.of("roles", List.of("channel:livestream")), "roles"))
			.allMatch((authority) -> authority.startsWith(TokenAuthorities.CHANNEL_AUTHORITY_PREFIX));
	}

	@Test
	void unsetIssuerFieldsTakeTheLocalDefaults() {
		assertThat(ISSUERS.member().issuer()).isEqualTo("concord-member-service");
		assertThat(ISSUERS.member().audience()).isEqualTo("concord");
		assertThat(ISSUERS.staff().issuer()).isEqualTo("http://localhost:9000");
		assertThat(ISSUERS.staff().rolesClaim()).isEqualTo("realm_access.roles");
	}

	@Test
	@DisplayName("M3: with a role prefix, only namespaced roles count and a realm-wide admin role grants nothing")
	void m3_withARolePrefixOnlyNamespacedRolesCount() {
		TrustedIssuers.Issuer keycloak = new TrustedIssuers.Issuer("i", null, "concord-api", "realm_access.roles",
				"concord:", List.of());
		assertThat(roles(keycloak, Map.of("realm_access", Map.of("roles", List.of("admin", "ops-manager"))))).isEmpty();
		assertThat(roles(keycloak,
				Map.of("realm_access",
						Map.of("roles", List.of("admin", "concord:ops-manager", "concord:service:order-flow")))))
			.containsExactlyInAnyOrder("ROLE_ops-manager", "ROLE_ops-viewer", "ROLE_service:order-flow");
		assertThat(
				roles(keycloak, Map.of("realm_access", Map.of("roles", List.of("concord:concord:admin", "concord:")))))
			.isEmpty();
	}

	@Test
	@DisplayName("M3: a token issued to a client outside the authorized parties is refused, as is one for another audience")
	void m3_aTokenForAnotherClientOrAudienceIsRefused() {
		TrustedIssuers.Issuer keycloak = new TrustedIssuers.Issuer("https://login.example.com/realms/concord", null,
				"concord-api", "realm_access.roles", null, List.of("concord-ops-console", "fulfillment-service"));
		var validator = TokenAuthorities.validator(keycloak);
		assertThat(validator.validate(staffToken("concord-api", "concord-ops-console")).hasErrors()).isFalse();
		assertThat(validator.validate(staffToken("concord-api", "fulfillment-service")).hasErrors()).isFalse();
		assertThat(validator.validate(staffToken("concord-api", "reporting-app")).hasErrors()).isTrue();
		assertThat(validator.validate(staffToken("concord-api", null)).hasErrors()).isTrue();
		assertThat(validator.validate(staffToken("reporting-api", "concord-ops-console")).hasErrors()).isTrue();
		TrustedIssuers.Issuer anyClient = new TrustedIssuers.Issuer("https://login.example.com/realms/concord", null,
				"concord-api", "realm_access.roles");
		assertThat(
				TokenAuthorities.validator(anyClient).validate(staffToken("concord-api", "reporting-app")).hasErrors())
			.isFalse();
	}

	@Test
	void theStaffIssuersNamespaceAndClientsBindFromTheEnvironment() {
		TrustedIssuers issuers = new Binder(new MapConfigurationPropertySource(Map.of("concord.security.staff.audience",
				"concord-api", "concord.security.staff.role-prefix", "concord:",
				"concord.security.staff.authorized-parties", "concord-ops-console, fulfillment-service")))
			.bind("concord.security", TrustedIssuers.class)
			.get();
		assertThat(issuers.staff().audience()).isEqualTo("concord-api");
		assertThat(issuers.staff().rolePrefix()).isEqualTo("concord:");
		assertThat(issuers.staff().authorizedParties()).containsExactly("concord-ops-console", "fulfillment-service");
		assertThat(issuers.staff().issuer()).isEqualTo("http://localhost:9000");
		assertThat(issuers.member().authorizedParties()).isEmpty();
	}

	private static List<String> roles(TrustedIssuers.Issuer issuer, Map<String, Object> claims) {
		Jwt.Builder jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("ops-1")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(jwt::claim);
		return TokenAuthorities.staff(issuer)
			.convert(jwt.build())
			.getAuthorities()
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

	private static Jwt staffToken(String audience, String authorizedParty) {
		Jwt.Builder jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.issuer("https://login.example.com/realms/concord")
			.subject("ops-1")
			.audience(List.of(audience))
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		if (authorizedParty != null) {
			jwt.claim("azp", authorizedParty);
		}
		return jwt.build();
	}

	private static List<String> staff(Map<String, Object> claims, String rolesClaim) {
		Jwt.Builder jwt = Jwt.withTokenValue("t")
			.header("alg", "RS256")
			.subject("ops-1")
			.issuedAt(Instant.now())
			.expiresAt(Instant.now().plusSeconds(60));
		claims.forEach(jwt::claim);
		return TokenAuthorities.staffRoles(jwt.build(), rolesClaim)
			.stream()
			.map(GrantedAuthority::getAuthority)
			.toList();
	}

}
