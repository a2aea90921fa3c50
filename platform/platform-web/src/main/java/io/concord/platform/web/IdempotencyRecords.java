package io.concord.platform.web;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import io.concord.platform.instances.ServiceInstances;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * The {@code idempotency_record} table: one row per (caller, key), owned while in flight
 * by the instance running the first attempt.
 */
class IdempotencyRecords {

	record StoredRequest(String fingerprint, boolean completed, boolean effectCommitted, Instant createdAt,
			Instant expiresAt, Integer responseStatus, String contentType, String location, byte[] body) {
	}

	private final JdbcTemplate jdbc;

	private final IdempotencyProperties properties;

	private final ServiceInstances instances;

	private final Clock clock;

	IdempotencyRecords(JdbcTemplate jdbc, IdempotencyProperties properties, ServiceInstances instances, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.instances = instances;
		this.clock = clock;
	}

	UUID owner() {
		return this.instances.id();
	}

	/** Claims the key for a first attempt; false when somebody holds it already. */
	boolean claim(String scope, String key, String fingerprint) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.update("""
				insert into idempotency_record (scope, idempotency_key, request_fingerprint, completed, created_at,
				  expires_at, owner)
				values (?, ?, ?, false, ?, ?, ?)
				on conflict (scope, idempotency_key) do nothing""", scope, key, fingerprint, Timestamp.from(now),
				Timestamp.from(now.plus(this.properties.ttl())), owner());
		return inserted == 1;
	}

	Optional<StoredRequest> find(String scope, String key) {
		List<StoredRequest> rows = this.jdbc.query("""
				select request_fingerprint, completed, effect_committed, created_at, expires_at, response_status,
				       response_content_type, response_location, response_body
				from idempotency_record where scope = ? and idempotency_key = ?""",
				(rs, i) -> new StoredRequest(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
						rs.getTimestamp(4).toInstant(), rs.getTimestamp(5).toInstant(), (Integer) rs.getObject(6),
						rs.getString(7), rs.getString(8), rs.getBytes(9)),
				scope, key);
		return rows.stream().findFirst();
	}

	/** Frees a key whose record has expired. */
	boolean releaseIfExpired(String scope, String key) {
		return this.jdbc.update(
				"delete from idempotency_record where scope = ? and idempotency_key = ? and expires_at < ?", scope, key,
				Timestamp.from(this.clock.instant())) == 1;
	}

	/**
	 * Takes over an unfinished first attempt whose instance is gone (crashed, or cut off
	 * for longer than a heartbeat allows) or that ran past every deadline
	 * ({@code in-flight-timeout}). Empty when it is still someone's; otherwise whether
	 * the first attempt's effect had already committed.
	 */
	Optional<Boolean> takeOver(String scope, String key, String fingerprint) {
		Instant now = this.clock.instant();
		List<Boolean> taken = this.jdbc.queryForList("""
				update idempotency_record set owner = ?, created_at = ?
				where scope = ? and idempotency_key = ? and request_fingerprint = ? and not completed
				  and (%s or created_at < ?)
				returning effect_committed""".formatted(this.instances.ownerGone("owner")), Boolean.class, owner(),
				Timestamp.from(now), scope, key, fingerprint,
				Timestamp.from(now.minus(this.properties.inFlightTimeout())));
		return taken.stream().findFirst();
	}

	/**
	 * Inside the effect's transaction: records that the effect commits, and refuses
	 * (rolling the effect back) if this instance no longer owns the key because another
	 * took it over meanwhile.
	 */
	void markEffectCommitted(String scope, String key) {
		int marked = this.jdbc.update("""
				update idempotency_record set effect_committed = true
				where scope = ? and idempotency_key = ? and owner = ? and not completed""", scope, key, owner());
		if (marked == 0) {
			throw new LostIdempotencyClaimException(key);
		}
	}

	void complete(String scope, String key, int status, String contentType, String location, byte[] body) {
		this.jdbc.update("""
				update idempotency_record
				set completed = true, response_status = ?, response_content_type = ?, response_location = ?,
				  response_body = ?
				where scope = ? and idempotency_key = ? and owner = ?""", status, contentType, location, body, scope,
				key, owner());
	}

	/** Frees a key this instance holds unfinished (e.g. after a 5xx), for a retry. */
	void release(String scope, String key) {
		this.jdbc.update("""
				delete from idempotency_record
				where scope = ? and idempotency_key = ? and not completed and owner = ?""", scope, key, owner());
	}

	@Scheduled(fixedDelayString = "${concord.idempotency.purge-interval:PT10M}")
	void purgeExpired() {
		this.jdbc.update("delete from idempotency_record where expires_at < ?", Timestamp.from(this.clock.instant()));
	}

	/**
	 * The instance lost its claim on a key while running it; its effect must not commit.
	 */
	static final class LostIdempotencyClaimException extends ProblemException {

		LostIdempotencyClaimException(String key) {
			super(org.springframework.http.HttpStatus.CONFLICT, ProblemTypes.IDEMPOTENCY_KEY_IN_FLIGHT,
					"Request in progress",
					"A later attempt with this Idempotency-Key has taken over; retry it shortly.");
		}

	}

}
