package io.concord.console;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Currency;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param gatewayUrl where the admin API is (the gateway)
 * @param zone the business time zone: every time on screen is in it
 * @param currency the shop's currency: the board's money figures are in it
 * @param pollInterval how often the board reads the admin API per signed-in session
 * @param connectTimeout connect timeout of every admin API call
 * @param readTimeout read timeout of every admin API call
 * @param staff the staff OIDC provider and the console's client there
 */
@ConfigurationProperties("concord.console")
public record ConsoleProperties(String gatewayUrl, ZoneId zone, Currency currency, Duration pollInterval,
		Duration connectTimeout, Duration readTimeout, Staff staff) {

	public ConsoleProperties {
		if (pollInterval.compareTo(Duration.ofSeconds(1)) < 0) {
			// The admin API serves the sale itself: one read a second per session is the
			// console's budget.
			throw new IllegalArgumentException("concord.console.poll-interval must be at least 1s");
		}
	}

	/**
	 * @param issuer the issuer the ID token must name
	 * @param authorizationUri where the browser signs in
	 * @param tokenUri where the console redeems the code and refreshes tokens
	 * @param jwkSetUri the keys that sign the ID token
	 * @param endSessionUri OIDC RP-initiated logout (sign-out ends the issuer's session
	 * too)
	 * @param clientId the console's client at the issuer
	 * @param clientSecret its secret
	 * @param redirectUri where the issuer returns the browser with the code
	 * ({@code {baseUrl}}: the address the browser called)
	 * @param signedOutUri where the issuer returns the browser after signing out
	 * @param rolesClaim where the roles are (dot path, e.g. {@code realm_access.roles})
	 * @param rolePrefix only roles with this prefix count, without it (empty: all)
	 */
	public record Staff(String issuer, String authorizationUri, String tokenUri, String jwkSetUri, String endSessionUri,
			String clientId, String clientSecret, String redirectUri, String signedOutUri, String rolesClaim,
			String rolePrefix) {
	}

}
