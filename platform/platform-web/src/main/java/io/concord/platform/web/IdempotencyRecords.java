package io.concord.platform.web;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/** The {@code idempotency_record} table: one row per (caller, key). */
class IdempotencyRecords {

	record StoredRequest(String fingerprint, boolean completed, Instant createdAt, Instant expiresAt,
			Integer responseStatus, String contentType, String location, byte[] body) {
	}

	private final JdbcTemplate jdbc;

	private final IdempotencyProperties properties;

	private final Clock clock;

	IdempotencyRecords(JdbcTemplate jdbc, IdempotencyProperties properties, Clock clock) {
		this.jdbc = jdbc;
		this.properties = properties;
		this.clock = clock;
	}

	/** Claims the key for a first attempt; false when somebody holds it already. */
	boolean claim(String scope, String key, String fingerprint) {
		Instant now = this.clock.instant();
		int inserted = this.jdbc.update(
				"""
						insert into idempotency_record (scope, idempotency_key, request_fingerprint, completed, created_at, expires_at)
						values (?, ?, ?, false, ?, ?)
						on conflict (scope, idempotency_key) do nothing""",
				scope, key, fingerprint, Timestamp.from(now), Timestamp.from(now.plus(this.properties.ttl())));
		return inserted == 1;
	}

	Optional<StoredRequest> find(String scope, String key) {
		List<StoredRequest> rows = this.jdbc.query("""
				select request_fingerprint, completed, created_at, expires_at, response_status,
				       response_content_type, response_location, response_body
				from idempotency_record where scope = ? and idempotency_key = ?""",
				(rs, i) -> new StoredRequest(rs.getString(1), rs.getBoolean(2), rs.getTimestamp(3).toInstant(),
						rs.getTimestamp(4).toInstant(), (Integer) rs.getObject(5), rs.getString(6), rs.getString(7),
						rs.getBytes(8)),
				scope, key);
		return rows.stream().findFirst();
	}

	/**
	 * Frees a key whose holder is gone: expired, or in flight for longer than allowed.
	 */
	boolean releaseIfStale(String scope, String key) {
		Instant now = this.clock.instant();
		return this.jdbc.update("""
				delete from idempotency_record
				where scope = ? and idempotency_key = ?
				  and (expires_at < ? or (not completed and created_at < ?))""", scope, key, Timestamp.from(now),
				Timestamp.from(now.minus(this.properties.inFlightTimeout()))) == 1;
	}

	void complete(String scope, String key, int status, String contentType, String location, byte[] body) {
		this.jdbc.update(
				"""
						update idempotency_record
						set completed = true, response_status = ?, response_content_type = ?, response_location = ?, response_body = ?
						where scope = ? and idempotency_key = ?""",
				status, contentType, location, body, scope, key);
	}

	void release(String scope, String key) {
		this.jdbc.update("delete from idempotency_record where scope = ? and idempotency_key = ? and not completed",
				scope, key);
	}

	@Scheduled(fixedDelayString = "${concord.idempotency.purge-interval:PT10M}")
	void purgeExpired() {
		this.jdbc.update("delete from idempotency_record where expires_at < ?", Timestamp.from(this.clock.instant()));
	}

}
