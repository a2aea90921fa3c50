package io.concord.platform.events;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;

/**
 * The service's dead letters: a failed record is published to the service's dead-letter
 * topic (with the failure in Kafka's standard {@code kafka_dlt-*} headers, for ops
 * tooling) and kept in the {@code dead_letter} table, from which the admin API lists and
 * replays it. If either write fails, the recoverer throws and the record is retried,
 * never dropped.
 */
public class DeadLetters implements ConsumerRecordRecoverer {

	private static final TypeReference<Map<String, String>> HEADERS = new TypeReference<>() {
	};

	private final JdbcTemplate jdbc;

	private final DeadLetterPublishingRecoverer publisher;

	private final JsonMapper json;

	private final Clock clock;

	private final int deliveries;

	/**
	 * @param deliveries how often a retryable failure was tried before it reaches here
	 * (the error handler's retries and the first delivery)
	 */
	DeadLetters(JdbcTemplate jdbc, DeadLetterPublishingRecoverer publisher, JsonMapper json, Clock clock,
			int deliveries) {
		this.jdbc = jdbc;
		this.publisher = publisher;
		this.json = json;
		this.clock = clock;
		this.deliveries = deliveries;
	}

	@Override
	public void accept(ConsumerRecord<?, ?> record, Exception failure) {
		Throwable cause = rootCause(failure);
		Map<String, String> headers = new LinkedHashMap<>();
		for (Header header : record.headers()) {
			headers.put(header.key(),
					(header.value() != null) ? new String(header.value(), StandardCharsets.UTF_8) : "");
		}
		byte[] value = (record.value() instanceof byte[] bytes) ? bytes : new byte[0];
		this.jdbc.update("""
				insert into dead_letter (topic, kafka_partition, kafka_offset, record_key, event_id, event_type,
				                         reason, headers, payload, status, failed_at, attempts)
				values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (topic, kafka_partition, kafka_offset) do update
				set reason = excluded.reason, failed_at = excluded.failed_at, status = excluded.status,
				  attempts = dead_letter.attempts + excluded.attempts""", record.topic(), record.partition(),
				record.offset(), (record.key() != null) ? record.key().toString() : null, headers.get("ce_id"),
				headers.get("ce_type"), describe(cause), this.json.writeValueAsString(headers), value,
				(cause instanceof OutOfOrderEventException) ? PARKED : PENDING, Timestamp.from(this.clock.instant()),
				// An unprocessable record is not retried: it was tried once.
				(cause instanceof UnprocessableEventException) ? 1 : this.deliveries);
		this.publisher.accept(record, failure);
	}

	/** Waiting for ops: a failure no retry helped. */
	static final String PENDING = "PENDING";

	/**
	 * Waiting for a prerequisite event: re-driven automatically ({@link ParkedEvents}).
	 */
	static final String PARKED = "PARKED";

	/** Parked letters due for another try, oldest first. */
	List<Long> parkedDue(java.time.Duration every, int limit) {
		return this.jdbc.queryForList("""
				select id from dead_letter where status = 'PARKED' and coalesce(retried_at, failed_at) < ?
				order by failed_at limit ?""", Long.class, Timestamp.from(this.clock.instant().minus(every)), limit);
	}

	/**
	 * A parked letter that still cannot be applied: tried again later, or handed to ops
	 * once it waited longer than {@code maxAge} or failed for another reason.
	 */
	void stillParked(long id, Throwable failure, java.time.Duration maxAge) {
		Throwable cause = rootCause(failure);
		boolean outOfOrder = cause instanceof OutOfOrderEventException;
		this.jdbc.update("""
				update dead_letter set reason = ?, retried_at = ?, attempts = attempts + 1,
				  status = case when ? and failed_at > ? then 'PARKED' else 'PENDING' end
				where id = ?""", describe(cause), Timestamp.from(this.clock.instant()), outOfOrder,
				Timestamp.from(this.clock.instant().minus(maxAge)), id);
	}

	long parkedCount() {
		Long parked = this.jdbc.queryForObject("select count(*) from dead_letter where status = 'PARKED'", Long.class);
		return (parked != null) ? parked : 0;
	}

	public List<DeadLetter> list(String status, int limit) {
		return this.jdbc.query("""
				select * from dead_letter where (?::text is null or status = ?) order by failed_at desc limit ?""",
				rowMapper(), status, status, limit);
	}

	public Optional<DeadLetter> find(long id) {
		return this.jdbc.query("select * from dead_letter where id = ?", rowMapper(), id).stream().findFirst();
	}

	/** The stored record, as it was received, for a replay through the dispatcher. */
	ConsumerRecord<String, byte[]> storedRecord(long id) {
		return this.jdbc.query("select * from dead_letter where id = ?", (rs, i) -> {
			Map<String, String> headers = this.json.readValue(rs.getString("headers"), HEADERS);
			RecordHeaders recordHeaders = new RecordHeaders();
			headers.forEach(
					(name, value) -> recordHeaders.add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8))));
			byte[] payload = rs.getBytes("payload");
			return new ConsumerRecord<>(rs.getString("topic"), rs.getInt("kafka_partition"), rs.getLong("kafka_offset"),
					ConsumerRecord.NO_TIMESTAMP, TimestampType.NO_TIMESTAMP_TYPE, -1, payload.length,
					rs.getString("record_key"), payload, recordHeaders, Optional.empty());
		}, id).stream().findFirst().orElseThrow();
	}

	void markReplayed(long id) {
		this.jdbc.update(
				"update dead_letter set status = 'REPLAYED', replayed_at = ?, attempts = attempts + 1 where id = ?",
				Timestamp.from(this.clock.instant()), id);
	}

	void recordReplayFailure(long id, Throwable failure) {
		this.jdbc.update("update dead_letter set reason = ?, retried_at = ?, attempts = attempts + 1 where id = ?",
				describe(rootCause(failure)), Timestamp.from(this.clock.instant()), id);
	}

	private RowMapper<DeadLetter> rowMapper() {
		return (rs, i) -> {
			Timestamp replayedAt = rs.getTimestamp("replayed_at");
			Timestamp retriedAt = rs.getTimestamp("retried_at");
			return new DeadLetter(rs.getLong("id"), rs.getString("topic"), rs.getInt("kafka_partition"),
					rs.getLong("kafka_offset"), rs.getString("record_key"), rs.getString("event_id"),
					rs.getString("event_type"), rs.getString("reason"), rs.getString("status"),
					rs.getTimestamp("failed_at").toInstant(), (replayedAt != null) ? replayedAt.toInstant() : null,
					this.json.readValue(rs.getString("headers"), HEADERS),
					new String(rs.getBytes("payload"), StandardCharsets.UTF_8), rs.getInt("attempts"),
					(retriedAt != null) ? retriedAt.toInstant() : null);
		};
	}

	private static String describe(Throwable cause) {
		String message = cause.getClass().getSimpleName() + ": " + cause.getMessage();
		return (message.length() > 2000) ? message.substring(0, 2000) : message;
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null && cause.getCause() != cause && !(cause instanceof UnprocessableEventException)
				&& !(cause instanceof OutOfOrderEventException)) {
			cause = cause.getCause();
		}
		return cause;
	}

}
