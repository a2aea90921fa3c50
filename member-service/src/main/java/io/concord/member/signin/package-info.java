/**
 * Sign-in: passwords (BCrypt) and one-time codes for phones, short-lived RS256 access
 * tokens (sub = member id, tier, channel) with rotating refresh tokens, the JWKS the
 * gateway and services verify tokens with, signing-key rotation, and lockout after
 * repeated failures.
 */
@ApplicationModule(allowedDependencies = { "identity :: api", "identity :: events", "identity :: channels", "privacy",
		"tiers", "verification" })
@NullMarked
package io.concord.member.signin;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
