package io.concord.console;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.authentication.OAuth2AuthenticationToken;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A staff member signed in as the console would have them after the issuer's sign-in: the
 * ID token's role expanded as {@link StaffRoles} expands it, and the access token stored
 * as the authorized client, so the console sends it to the stand-in gateway. Every screen
 * test signs in through this.
 */
public final class SignedInStaff {

	private SignedInStaff() {
	}

	/**
	 * @param role the staff role in the ID token ({@code null}: signed in without one)
	 * @param accessToken the access token the console must send on the user's behalf
	 */
	public static OAuth2AuthenticationToken signedIn(OAuth2AuthorizedClientService clients,
			ClientRegistrationRepository registrations, @Nullable String role, String accessToken) {
		Instant now = Instant.now();
		Map<String, Object> claims = (role != null) ? Map.of("sub", "u-" + accessToken, "roles", List.of(role))
				: Map.of("sub", "u-" + accessToken);
		OidcIdToken id = new OidcIdToken("id-" + accessToken, now, now.plusSeconds(600), claims);
		var authorities = StaffRoles.authorities(claims, "roles", "");
		DefaultOidcUser user = new DefaultOidcUser(authorities, id);
		OAuth2AuthenticationToken authentication = new OAuth2AuthenticationToken(user, authorities,
				ConsoleSecurity.REGISTRATION);
		OAuth2AccessToken token = new OAuth2AccessToken(OAuth2AccessToken.TokenType.BEARER, accessToken, now,
				now.plusSeconds(600));
		clients.saveAuthorizedClient(
				new OAuth2AuthorizedClient(registrations.findByRegistrationId(ConsoleSecurity.REGISTRATION),
						user.getName(), token),
				authentication);
		return authentication;
	}

}
