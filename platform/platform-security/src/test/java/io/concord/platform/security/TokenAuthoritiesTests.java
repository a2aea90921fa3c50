package io.concord.platform.security;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

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
