package io.concord.fulfillment.ordering;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What happened to an order's placement, step by step ({@code placement_step}): the saga
 * keeps only its last stored step, which is all a resumption needs; ops following an
 * order need each step with its time, the refusal or outage that stopped one, and the
 * resumptions after a crash or a retried checkout. Entries of a step the saga stores are
 * written in the same transaction as the step.
 */
@Component
class PlacementHistory {

	/** Not a saga step, but a call the saga makes between two stored steps. */
	static final String PROMOTIONS_LOCKED = "PROMOTIONS_LOCKED";

	private static final int DETAIL_LIMIT = 500;

	enum Outcome {

		/** The step was done (its partner answered yes). */
		COMPLETED,
		/** A partner refused the step: the placement was compensated. */
		REFUSED,
		/**
		 * A partner could not be reached: the placement waits for a retry or recovery.
		 */
		UNAVAILABLE,
		/** Placement was taken up again from this stored step. */
		RESUMED

	}

	record Entry(String step, Outcome outcome, @Nullable String detail, Instant at) {
	}

	private final JdbcClient jdbc;

	private final Clock clock;

	PlacementHistory(JdbcTemplate jdbc, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.clock = clock;
	}

	void record(String orderId, String step, Outcome outcome, @Nullable String detail) {
		String text = (detail != null && detail.length() > DETAIL_LIMIT) ? detail.substring(0, DETAIL_LIMIT) : detail;
		this.jdbc.sql("insert into placement_step (order_id, step, outcome, detail, at) values (?, ?, ?, ?, ?)")
			.params(orderId, step, outcome.name(), text, Timestamp.from(this.clock.instant()))
			.update();
	}

	/** The order's placement history, oldest first. */
	List<Entry> of(String orderId) {
		return this.jdbc.sql("select step, outcome, detail, at from placement_step where order_id = ? order by id")
			.params(orderId)
			.query((rs, n) -> new Entry(rs.getString("step"), Outcome.valueOf(rs.getString("outcome")),
					rs.getString("detail"), rs.getTimestamp("at").toInstant()))
			.list();
	}

}
