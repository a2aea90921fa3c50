package io.concord.platform.events;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;

/** The inbox: which event ids each handler has applied. */
class ProcessedEvents {

	private final JdbcTemplate jdbc;

	private final Clock clock;

	private final Duration retention;

	ProcessedEvents(JdbcTemplate jdbc, Clock clock, Duration retention) {
		this.jdbc = jdbc;
		this.clock = clock;
		this.retention = retention;
	}

	/**
	 * Records the event for the handler; false if it was recorded already. Must run in
	 * the handler's transaction: the row commits or rolls back with the effect.
	 */
	boolean markProcessed(String handler, String eventId) {
		return this.jdbc.update("""
				insert into processed_event (handler, event_id, processed_at) values (?, ?, ?)
				on conflict (handler, event_id) do nothing""", handler, eventId,
				Timestamp.from(this.clock.instant())) == 1;
	}

	// Kept longer than any topic retains records, so no redelivery can outlive its inbox
	// row.
	@Scheduled(fixedDelayString = "${concord.events.inbox.purge-interval:PT1H}")
	void purge() {
		this.jdbc.update("delete from processed_event where processed_at < ?",
				Timestamp.from(this.clock.instant().minus(this.retention)));
	}

}
