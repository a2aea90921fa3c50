package io.concord.member.signin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

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
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues access tokens (RS256 JWT) and refresh tokens. A refresh token is used once:
 * using it rotates it within its family; using an already-used one is taken as theft and
 * revokes the whole family. Only hashes of refresh tokens are stored.
 *
 * <p>
 * A family is one session: it starts at a credential sign-in and ends at the latest
 * {@code session-max-lifetime} later, however often it is refreshed. Access tokens carry
 * the family as {@code sid} and the time of that sign-in as {@code auth_time} (refreshes
 * keep it), so sensitive changes can ask for a recent sign-in and end the other sessions.
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

	/** Starts a session: the member has just signed in with a credential. */
	@Transactional
	Tokens issue(MemberId member, Channel channel, String tier) {
		Instant now = this.clock.instant();
		return issue(member, channel, tier, new Session(UUID.randomUUID(), now, now));
	}

	/**
	 * Revokes every session of the given member ids but one (the caller's own); their
	 * access tokens run out within the access-token lifetime.
	 * @return how many refresh tokens were revoked
	 */
	@Transactional
	int revokeSessions(List<MemberId> members, @Nullable UUID keep) {
		Timestamp now = Timestamp.from(this.clock.instant());
		int revoked = 0;
		for (MemberId member : members) {
			revoked += this.jdbc.update("""
					update refresh_token set revoked_at = ?
					where member_id = ? and revoked_at is null and (?::uuid is null or family_id <> ?::uuid)""", now,
					member.value(), keep, keep);
		}
		return revoked;
	}

	/** Exchanges a refresh token for new tokens, rotating it. */
	@Transactional(noRollbackFor = ProblemException.class)
	Tokens refresh(String refreshToken, Function<MemberId, MemberId> survivorOf, Function<MemberId, String> tierOf) {
		String hash = hash(refreshToken);
		List<Object[]> rows = this.jdbc.query("""
				select family_id, member_id, channel, expires_at, used_at, revoked_at, family_started_at, auth_time
				from refresh_token where token_hash = ? for update""",
				(rs, i) -> new Object[] { rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(3),
						rs.getTimestamp(4).toInstant(), rs.getTimestamp(5), rs.getTimestamp(6),
						rs.getTimestamp(7).toInstant(), rs.getTimestamp(8).toInstant() },
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
		Session session = new Session(family, (Instant) row[6], (Instant) row[7]);
		if (!now.isBefore(session.endsAt(this.properties.sessionMaxLifetime()))) {
			// The session has reached its absolute end: the member signs in again.
			this.jdbc.update("update refresh_token set revoked_at = ? where family_id = ? and revoked_at is null",
					Timestamp.from(now), family);
			throw invalidGrant();
		}
		if (((Instant) row[3]).isBefore(now)) {
			throw invalidGrant();
		}
		this.jdbc.update("update refresh_token set used_at = ? where token_hash = ?", Timestamp.from(now), hash);
		MemberId member = survivorOf.apply(new MemberId((UUID) row[1]));
		return issue(member, Channel.valueOf((String) row[2]), tierOf.apply(member), session);
	}

	private record Session(UUID family, Instant startedAt, Instant authTime) {

		Instant endsAt(Duration maxLifetime) {
			return this.startedAt.plus(maxLifetime);
		}

	}

	private Tokens issue(MemberId member, Channel channel, String tier, Session session) {
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
			.claim("sid", session.family().toString())
			.claim("auth_time", session.authTime().getEpochSecond())
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
		Instant expiresAt = now.plus(this.properties.refreshTokenTtl());
		Instant sessionEnd = session.endsAt(this.properties.sessionMaxLifetime());
		this.jdbc.update("""
				insert into refresh_token (token_hash, family_id, member_id, channel, issued_at, expires_at,
				                           family_started_at, auth_time)
				values (?, ?, ?, ?, ?, ?, ?, ?)""", hash(refreshToken), session.family(), member.value(),
				channel.name(), Timestamp.from(now),
				Timestamp.from(expiresAt.isBefore(sessionEnd) ? expiresAt : sessionEnd),
				Timestamp.from(session.startedAt()), Timestamp.from(session.authTime()));
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
