package io.concord.platform.events;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Admin API over the service's own mechanics ({@code GET <admin base path>/operations}):
 * outbox backlog, dead letters, consumer lag and HTTP traffic per endpoint. Secured like
 * the rest of the admin path (ops-viewer and up). The HTTP figures are this instance's;
 * with several instances each answers for itself.
 */
@RestController
@RequestMapping("${concord.admin.base-path}/operations")
class OperationsController {

	private static final Logger log = LoggerFactory.getLogger(OperationsController.class);

	private final JdbcTemplate jdbc;

	private final ConsumerLags lags;

	private final HttpTraffic http;

	private final String service;

	private final String instance;

	private final Clock clock;

	OperationsController(JdbcTemplate jdbc, ConsumerLags lags, HttpTraffic http,
			org.springframework.core.env.Environment environment) {
		this.jdbc = jdbc;
		this.lags = lags;
		this.http = http;
		this.service = environment.getRequiredProperty("spring.application.name");
		this.instance = hostName();
		this.clock = Clock.systemUTC();
	}

	@GetMapping
	OperationsFigures figures() {
		Instant now = this.clock.instant();
		OperationsFigures.Outbox outbox = this.jdbc.queryForObject("""
				select count(*), coalesce(extract(epoch from (now() - min(publication_date))), 0)
				from event_publication where completion_date is null""",
				(rs, n) -> new OperationsFigures.Outbox(rs.getLong(1), Math.max(0, Math.round(rs.getDouble(2)))));
		OperationsFigures.DeadLetterCounts deadLetters = this.jdbc.queryForObject("""
				select count(*) filter (where status = 'PARKED'), count(*) filter (where status = 'PENDING')
				from dead_letter""", (rs, n) -> new OperationsFigures.DeadLetterCounts(rs.getLong(1), rs.getLong(2)));
		List<OperationsFigures.ConsumerLag> consumers = List.of();
		String consumersError = null;
		try {
			consumers = this.lags.read();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			consumersError = "interrupted";
		}
		catch (ExecutionException | TimeoutException | RuntimeException ex) {
			// The other figures still help while Kafka is away: say why lag is missing.
			log.warn("Consumer lag could not be read: {}", ex.toString());
			consumersError = "Kafka did not answer within " + ConsumerLags.TIMEOUT.toSeconds() + " s";
		}
		return new OperationsFigures(this.service, this.instance, now, outbox, deadLetters, consumers, consumersError,
				OperationsFigures.Http.of(HttpTraffic.WINDOW, this.http.endpoints()));
	}

	private static String hostName() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "unknown";
		}
	}

}
