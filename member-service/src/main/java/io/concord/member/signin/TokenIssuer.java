package io.concord.member.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.concord.member.identity.Channel;
import io.concord.member.identity.MemberId;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues access tokens (RS256 JWT) and refresh tokens. A refresh token is used once:
 * using it rotates it within its family; using an already-used one is taken as theft and
 * revokes the whole family. Only hashes of refresh tokens are stored.
 */
@Component
class TokenIssuer {

	record Tokens(String accessToken, long expiresIn, String refreshToken, MemberId memberId) {
	}

	private final SigningKeys keys;

	private final JdbcTemplate jdbc;

	private final SignInProperties properties;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	TokenIssuer(SigningKeys keys, JdbcTemplate jdbc, SignInProperties properties, Clock clock) {
		this.keys = keys;
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	@Transactional
	Tokens issue(MemberId member, Channel channel, String tier) {
		return issue(member, channel, tier, UUID.randomUUID());
	}

	/** Exchanges a refresh token for new tokens, rotating it. */
	@Transactional(noRollbackFor = ProblemException.class)
	Tokens refresh(String refreshToken, java.util.function.Function<MemberId, MemberId> survivorOf,
			java.util.function.Function<MemberId, String> tierOf) {
		String hash = hash(refreshToken);
		List<Object[]> rows = this.jdbc.query("""
				select family_id, member_id, channel, expires_at, used_at, revoked_at
				from refresh_token where token_hash = ? for update""",
				(rs, i) -> new Object[] { rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
						rs.getTimestamp(4).toInstant(), rs.getTimestamp(5), rs.getTimestamp(6) },
				hash);
		Instant now = this.clock.instant();
		if (rows.isEmpty()) {
			throw invalidGrant();
		}
		Object[] row = rows.get(0);
		UUID family = (UUID) row[0];
		if (row[4] != null || row[5] != null) {
			// A used or revoked token came back: whoever holds the family is not to be
			// trusted.
			this.jdbc.update("update refresh_token set revoked_at = ? where family_id = ? and revoked_at is null",
					Timestamp.from(now), family);
			throw invalidGrant();
		}
		if (((Instant) row[3]).isBefore(now)) {
			throw invalidGrant();
		}
		this.jdbc.update("update refresh_token set used_at = ? where token_hash = ?", Timestamp.from(now), hash);
		MemberId member = survivorOf.apply(new MemberId((UUID) row[1]));
		return issue(member, Channel.valueOf((String) row[2]), tierOf.apply(member), family);
	}

	private Tokens issue(MemberId member, Channel channel, String tier, UUID family) {
		Instant now = this.clock.instant();
		SigningKeys.SigningKey key = this.keys.current();
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(this.properties.issuer())
			.audience(this.properties.audience())
			.subject(member.toString())
			.issueTime(Date.from(now))
			.expirationTime(Date.from(now.plus(this.properties.accessTokenTtl())))
			.jwtID(UUID.randomUUID().toString())
			.claim("tier", tier)
			.claim("channel", channel.name())
			.claim("scope", "member")
			.build();
		SignedJWT jwt = new SignedJWT(
				new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).type(JOSEObjectType.JWT).build(), claims);
		try {
			jwt.sign(new RSASSASigner(key.jwk()));
		}
		catch (JOSEException ex) {
			throw new IllegalStateException("Could not sign an access token", ex);
		}
		byte[] secret = new byte[32];
		this.random.nextBytes(secret);
		String refreshToken = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
		this.jdbc.update("""
				insert into refresh_token (token_hash, family_id, member_id, channel, issued_at, expires_at)
				values (?, ?, ?, ?, ?, ?)""", hash(refreshToken), family, member.value(), channel.name(),
				Timestamp.from(now), Timestamp.from(now.plus(this.properties.refreshTokenTtl())));
		return new Tokens(jwt.serialize(), this.properties.accessTokenTtl().toSeconds(), refreshToken, member);
	}

	static ProblemException invalidGrant() {
		return new ProblemException(HttpStatus.UNAUTHORIZED, ProblemTypes.of("invalid-grant"), "Invalid grant",
				"The credentials or the refresh token are not valid.");
	}

	private static String hash(String token) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
