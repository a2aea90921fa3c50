package io.concord.platform.events;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.modulith.events.FailedEventPublications;
import org.springframework.modulith.events.ResubmissionOptions;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Keeps the outbox moving when Kafka was away: publications whose send failed are sent
 * again on a schedule (the registry keeps them until Kafka acknowledges), and the backlog
 * is a metric ({@code concord.outbox.backlog}) so a stuck outbox pages someone.
 */
class OutboxRelay {

	private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

	private final FailedEventPublications failed;

	private final JdbcTemplate jdbc;

	OutboxRelay(FailedEventPublications failed, JdbcTemplate jdbc, MeterRegistry meters) {
		this.failed = failed;
		this.jdbc = jdbc;
		Gauge.builder("concord.outbox.backlog", this, OutboxRelay::backlog)
			.description("Event publications not yet acknowledged by Kafka")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${concord.events.resubmit-interval:PT5S}")
	void resubmitFailed() {
		try {
			this.failed.resubmit(ResubmissionOptions.defaults().withMinAge(Duration.ofSeconds(1)).withBatchSize(500));
		}
		catch (RuntimeException ex) {
			log.warn("Resubmitting failed event publications did not complete: {}", ex.getMessage());
		}
	}

	double backlog() {
		Long count = this.jdbc.queryForObject("select count(*) from event_publication where completion_date is null",
				Long.class);
		return (count != null) ? count : 0;
	}

}
