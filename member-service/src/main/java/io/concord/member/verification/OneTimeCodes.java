package io.concord.member.verification;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Issues and checks one-time codes for an identity (given by its lookup hash). */
@Component
public class OneTimeCodes {

	static final Duration VALIDITY = Duration.ofMinutes(5);

	static final int MAX_ATTEMPTS = 5;

	static final int MAX_CODES_PER_HOUR = 5;

	private final JdbcTemplate jdbc;

	private final CodeDelivery delivery;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	OneTimeCodes(JdbcTemplate jdbc, CodeDelivery delivery, Clock clock) {
		this.jdbc = jdbc;
		this.delivery = delivery;
		this.clock = clock;
	}

	/**
	 * Sends a fresh code; refuses (429-like 422) past a few codes an hour per identity.
	 */
	@Transactional
	public void issue(CodePurpose purpose, String identityHash, String destination) {
		Instant now = this.clock.instant();
		Integer recent = this.jdbc.queryForObject(
				"select count(*) from one_time_code where identity_hash = ? and purpose = ? and created_at > ?",
				Integer.class, identityHash, purpose.name(), Timestamp.from(now.minus(Duration.ofHours(1))));
		if (recent != null && recent >= MAX_CODES_PER_HOUR) {
			throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.of("too-many-codes"),
					"Too many codes", "Too many codes were requested for this identity; try again later.");
		}
		String code = String.format("%06d", this.random.nextInt(1_000_000));
		this.jdbc.update(
				"""
						insert into one_time_code (identity_hash, purpose, code_hash, created_at, expires_at, attempts, consumed)
						values (?, ?, ?, ?, ?, 0, false)""",
				identityHash, purpose.name(), hash(identityHash, code), Timestamp.from(now),
				Timestamp.from(now.plus(VALIDITY)));
		this.delivery.deliver(destination, purpose, code);
	}

	/**
	 * Consumes the identity's latest live code if {@code code} matches. Runs in its own
	 * transaction so a wrong guess counts even when the caller's work rolls back.
	 */
	@Transactional(propagation = Propagation.REQUIRES_NEW)
	public boolean verify(CodePurpose purpose, String identityHash, String code) {
		List<long[]> live = this.jdbc.query("""
				select id, attempts from one_time_code
				where identity_hash = ? and purpose = ? and not consumed and expires_at > ?
				order by created_at desc limit 1 for update""", (rs, i) -> new long[] { rs.getLong(1), rs.getLong(2) },
				identityHash, purpose.name(), Timestamp.from(this.clock.instant()));
		if (live.isEmpty() || live.get(0)[1] >= MAX_ATTEMPTS || code == null) {
			return false;
		}
		long id = live.get(0)[0];
		boolean matches = this.jdbc.queryForObject("select code_hash = ? from one_time_code where id = ?",
				Boolean.class, hash(identityHash, code), id);
		this.jdbc.update("update one_time_code set attempts = attempts + 1, consumed = ? where id = ?", matches, id);
		return matches;
	}

	private static String hash(String identityHash, String code) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256")
					.digest((identityHash + ":" + code).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
