package io.concord.inventory.reservation;

import io.concord.platform.transactions.GroupCommit;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Reservations are served by group commit (ADR-15): a few lanes, bounded queues. */
@Configuration(proxyBeanMethods = false)
class ReservationCommits {

	@Bean
	GroupCommit<Reservations.ReserveRequest, Reservations.Reservation> reservationGroupCommit(
			ReservationBatcher batcher, PlatformTransactionManager transactions,
			@Value("${concord.inventory.reservations.workers:2}") int workers,
			@Value("${concord.inventory.reservations.max-batch:200}") int maxBatch,
			@Value("${concord.inventory.reservations.queue-capacity:10000}") int queueCapacity) {
		// Beyond the queues the service is saturated: shed rather than queue without
		// bound.
		return new GroupCommit<>("reservations", new TransactionTemplate(transactions),
				new GroupCommit.Settings(workers, maxBatch, queueCapacity),
				() -> new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("reservations-saturated"),
						"Reservations saturated", "Too many reservations are waiting; try again shortly")
					.with("retryAfterSeconds", 1),
				batcher::reserve);
	}

}
