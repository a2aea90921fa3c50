package io.concord.inventory.demand;

import java.sql.Timestamp;
import java.time.Clock;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskExecutor;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Notices runs the forecast job process finished and announces each succeeded one once in
 * this JVM as {@link DemandForecastsUpdated}, so replenishment re-evaluates. A cheap
 * query every {@code concord.inventory.forecasting.updates-check} (5 s) on runs after the
 * last one seen. With several replicas each announces it to its own planner, which is
 * idempotent (one open suggestion per SKU × location, by a unique index). Runs that
 * succeeded before this replica started are not announced again.
 */
@Component
class ForecastUpdates {

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	private final TaskExecutor executor;

	private final Timestamp startedAt;

	private @Nullable Long lastSeen;

	ForecastUpdates(JdbcTemplate jdbc, ApplicationEventPublisher events,
			@Qualifier("applicationTaskExecutor") TaskExecutor executor, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
		this.executor = executor;
		this.startedAt = Timestamp.from(clock.instant());
	}

	@Scheduled(fixedDelayString = "${concord.inventory.forecasting.updates-check:5s}")
	synchronized void check() {
		if (this.lastSeen == null) {
			this.lastSeen = this.jdbc
				.sql("select coalesce(max(id), 0) from forecast_run where status = 'SUCCEEDED' and finished_at < ?")
				.param(this.startedAt)
				.query(Long.class)
				.single();
		}
		for (DemandForecastsUpdated updated : this.jdbc.sql("""
				select id, first_day from forecast_run
				where status = 'SUCCEEDED' and runner is not null and id > ? order by id""")
			.param(this.lastSeen)
			.query((rs, n) -> new DemandForecastsUpdated(rs.getLong(1), rs.getDate(2).toLocalDate()))
			.list()) {
			this.lastSeen = updated.runId();
			// Re-planning a large catalogue takes a while: not on the scheduler's shared
			// thread (reservation expiry and fence releases run there).
			this.executor.execute(() -> this.events.publishEvent(updated));
		}
	}

}
