package io.concord.member.signin;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param issuer the {@code iss} of access tokens
 * @param audience the {@code aud} of access tokens
 * @param accessTokenTtl access token lifetime
 * @param refreshTokenTtl refresh token lifetime (each use rotates it)
 * @param maxFailures failed sign-ins per identity before it is locked
 * @param lockout how long a locked identity stays locked
 * @param retiredKeyGrace how long a rotated-out signing key stays in the JWKS (longer
 * than an access token lives)
 */
@ConfigurationProperties("concord.member.sign-in")
public record SignInProperties(@DefaultValue("concord-member-service") String issuer,
		@DefaultValue("concord") String audience, @DefaultValue("15m") Duration accessTokenTtl,
		@DefaultValue("30d") Duration refreshTokenTtl, @DefaultValue("5") int maxFailures,
		@DefaultValue("15m") Duration lockout, @DefaultValue("1h") Duration retiredKeyGrace) {

}
