package io.concord.platform.events;

import java.time.Duration;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Re-drives events that came before their prerequisite (parked dead letters) through the
 * same idempotent handlers, every {@code concord.events.parked-retry-interval}, until
 * they apply; one still waiting after {@code concord.events.parked-max-age} becomes an
 * ordinary dead letter for ops. The number waiting is the gauge
 * {@code concord.events.parked}.
 */
class ParkedEvents {

	private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

	private final DeadLetters deadLetters;

	private final EventDispatcher dispatcher;

	private final Duration retryInterval;

	private final Duration maxAge;

	ParkedEvents(DeadLetters deadLetters, EventDispatcher dispatcher, MeterRegistry meters, Duration retryInterval,
			Duration maxAge) {
		this.deadLetters = deadLetters;
		this.dispatcher = dispatcher;
		this.retryInterval = retryInterval;
		this.maxAge = maxAge;
		Gauge.builder("concord.events.parked", deadLetters, DeadLetters::parkedCount)
			.description("Events waiting for a prerequisite event")
			.register(meters);
	}

	@Scheduled(fixedDelayString = "${concord.events.parked-retry-interval:10s}")
	void redrive() {
		for (long id : this.deadLetters.parkedDue(this.retryInterval, 100)) {
			try {
				this.dispatcher.dispatch(this.deadLetters.storedRecord(id));
				this.deadLetters.markReplayed(id);
				log.info("Parked event (dead letter {}) applied", id);
			}
			catch (RuntimeException ex) {
				this.deadLetters.stillParked(id, ex, this.maxAge);
			}
		}
	}

}
