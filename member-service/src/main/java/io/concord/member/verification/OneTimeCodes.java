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
import java.util.regex.Pattern;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Issues and checks one-time codes for an identity (given by its lookup hash).
 *
 * <p>
 * Every code request counts against hourly limits kept in the database (so they hold
 * across replicas): per identity and purpose, and, against SMS pumping across many
 * numbers, per number range (the E.164 number without its last 4 digits) and per country
 * calling code outside the home region, whatever the purpose. Each limit's check and
 * count run under a transaction-scoped advisory lock on what it limits, so concurrent
 * requests cannot overshoot it.
 */
@Component
@EnableConfigurationProperties(VerificationProperties.class)
public class OneTimeCodes {

	static final Duration VALIDITY = Duration.ofMinutes(5);

	static final int MAX_ATTEMPTS = 5;

	private static final Duration WINDOW = Duration.ofHours(1);

	private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{5,14}");

	// Advisory lock class of code-request limits (signing keys use the one-argument
	// form).
	private static final int LOCK_CLASS = 4243;

	private final JdbcTemplate jdbc;

	private final CodeDelivery delivery;

	private final VerificationProperties.Limits limits;

	private final int homeCountryCode;

	private final Clock clock;

	private final SecureRandom random = new SecureRandom();

	OneTimeCodes(JdbcTemplate jdbc, CodeDelivery delivery, VerificationProperties properties,
			@Value("${concord.member.identity.default-region:CN}") String homeRegion, Clock clock) {
		this.jdbc = jdbc;
		this.delivery = delivery;
		this.limits = properties.limits();
		this.homeCountryCode = PhoneNumberUtil.getInstance().getCountryCodeForRegion(homeRegion);
		this.clock = clock;
	}

	/** Sends a fresh code; 429 past the hourly limits. */
	@Transactional
	public void issue(CodePurpose purpose, String identityHash, String destination) {
		Instant now = count(purpose, identityHash, destination);
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
	 * Counts a request that sends nothing (a sign-in code for an identity nobody holds)
	 * exactly like one that sends a code, so the limits answer the same either way and
	 * tell nobody who is registered.
	 */
	@Transactional
	public void countWithoutIssuing(CodePurpose purpose, String identityHash, String destination) {
		count(purpose, identityHash, destination);
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

	/** Requests older than the window no longer count. */
	@Scheduled(fixedDelayString = "${concord.member.verification.purge-interval:PT10M}")
	void purge() {
		this.jdbc.update("delete from code_request where requested_at < ?",
				Timestamp.from(this.clock.instant().minus(WINDOW)));
	}

	private Instant count(CodePurpose purpose, String identityHash, String destination) {
		Instant now = this.clock.instant();
		Timestamp since = Timestamp.from(now.minus(WINDOW));
		String range = numberRange(destination);
		Integer country = (range != null) ? foreignCountryCode(destination) : null;
		// Always in this order (identity, range, country), so two requests never wait on
		// each other's locks in opposite orders.
		lock("identity:" + purpose + ":" + identityHash);
		refuseAtLimit(
				"select count(*), min(requested_at) from code_request "
						+ "where identity_hash = ? and purpose = ? and requested_at > ?",
				this.limits.perIdentityPerHour(), "this identity", now, identityHash, purpose.name(), since);
		if (range != null) {
			lock("range:" + range);
			refuseAtLimit(
					"select count(*), min(requested_at) from code_request "
							+ "where number_range = ? and requested_at > ?",
					this.limits.perNumberRangePerHour(), "numbers in this range", now, range, since);
		}
		if (country != null) {
			lock("country:" + country);
			refuseAtLimit(
					"select count(*), min(requested_at) from code_request "
							+ "where country_code = ? and requested_at > ?",
					this.limits.perForeignCountryPerHour(), "numbers in this country", now, country, since);
		}
		this.jdbc.update("""
				insert into code_request (identity_hash, purpose, number_range, country_code, requested_at)
				values (?, ?, ?, ?, ?)""", identityHash, purpose.name(), range, country, Timestamp.from(now));
		return now;
	}

	private void lock(String key) {
		this.jdbc.query("select pg_advisory_xact_lock(?, hashtext(?))", (rs) -> {
		}, LOCK_CLASS, key);
	}

	private void refuseAtLimit(String sql, int limit, String what, Instant now, Object... arguments) {
		record Window(int requests, @Nullable Timestamp oldest) {
		}
		Window window = this.jdbc.queryForObject(sql, (rs, i) -> new Window(rs.getInt(1), rs.getTimestamp(2)),
				arguments);
		if (window != null && window.requests() >= limit) {
			long retryAfter = (window.oldest() != null)
					? Math.max(1, Duration.between(now, window.oldest().toInstant().plus(WINDOW)).toSeconds())
					: WINDOW.toSeconds();
			throw new ProblemException(HttpStatus.TOO_MANY_REQUESTS, ProblemTypes.of("too-many-codes"),
					"Too many codes", "Too many codes were requested for " + what + "; try again later.")
				.with("retryAfterSeconds", retryAfter);
		}
	}

	/** An E.164 phone number without its last 4 digits; null for anything else. */
	static @Nullable String numberRange(String destination) {
		return E164.matcher(destination).matches() ? destination.substring(0, destination.length() - 4) : null;
	}

	private @Nullable Integer foreignCountryCode(String e164) {
		try {
			int country = PhoneNumberUtil.getInstance().parse(e164, null).getCountryCode();
			return (country != this.homeCountryCode) ? country : null;
		}
		catch (NumberParseException ex) {
			throw new IllegalArgumentException("Not an E.164 number", ex);
		}
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
