package io.concord.member.signin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The open channels ({@code concord.member.sign-in.open-channels}) are bound with the
 * channel clients, in the identity package.
 *
 * @param issuer the {@code iss} of access tokens
 * @param audience the {@code aud} of access tokens
 * @param accessTokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime (each use rotates it)
 * @param sessionMaxLifetime how long a session (a refresh-token family) lasts at most
 * from its sign-in, however often it is refreshed
 * @param recentAuthentication how recent a sign-in must be for a password change without
 * the current password
 * @param maxFailures failed sign-ins per identity before it is locked
 * @param lockout how long a locked identity stays locked
 * @param retiredKeyGrace how long a rotated-out signing key stays in the JWKS (longer
 * than an access token lives)
 * @param jwksCacheTtl how long the public keys are cached (and the JWKS may be cached by
 * its readers): another replica's key rotation is seen within it
 */
@ConfigurationProperties("concord.member.sign-in")
record SignInProperties(@DefaultValue("concord-member-service") String issuer, @DefaultValue("concord") String audience,
		@DefaultValue("15m") Duration accessTokenTtl, @DefaultValue("30d") Duration refreshTokenTtl,
		@DefaultValue("90d") Duration sessionMaxLifetime, @DefaultValue("5m") Duration recentAuthentication,
		@DefaultValue("5") int maxFailures, @DefaultValue("15m") Duration lockout,
		@DefaultValue("1h") Duration retiredKeyGrace, @DefaultValue("30s") Duration jwksCacheTtl) {

}
