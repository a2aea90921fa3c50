package io.concord.member.signin;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lockout per identity (its lookup hash), whether or not a member holds it, so a locked
 * answer reveals nothing about who is registered.
 */
@Component
class SignInAttempts {

	private final JdbcTemplate jdbc;

	private final SignInProperties properties;

	private final Clock clock;

	SignInAttempts(JdbcTemplate jdbc, SignInProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	void ensureNotLocked(String identityHash) {
		List<Timestamp> lockedUntil = this.jdbc.queryForList(
				"select locked_until from sign_in_attempt where identity_hash = ? and locked_until > ?",
				Timestamp.class, identityHash, Timestamp.from(this.clock.instant()));
		if (!lockedUntil.isEmpty()) {
			long seconds = Math.max(1,
					Duration.between(this.clock.instant(), lockedUntil.get(0).toInstant()).toSeconds());
			throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.of("sign-in-locked"),
					"Sign-in locked", "Too many failed sign-ins; try again in " + seconds + " s.")
				.with("retryAfterSeconds", seconds);
		}
	}

	/**
	 * Counts a failure in its own transaction (it must stick even though the sign-in
	 * fails).
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	void failed(String identityHash) {
		Instant now = this.clock.instant();
		this.jdbc.update("""
				insert into sign_in_attempt (identity_hash, failures, locked_until) values (?, 1, null)
				on conflict (identity_hash) do update set failures = sign_in_attempt.failures + 1""", identityHash);
		this.jdbc.update("""
				update sign_in_attempt set locked_until = ?, failures = 0
				where identity_hash = ? and failures >= ?""", Timestamp.from(now.plus(this.properties.lockout())),
				identityHash, this.properties.maxFailures());
	}

	void succeeded(String identityHash) {
		this.jdbc.update("delete from sign_in_attempt where identity_hash = ?", identityHash);
	}

}
