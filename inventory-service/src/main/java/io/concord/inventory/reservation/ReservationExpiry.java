package io.concord.inventory.reservation;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Abandoned checkouts must not keep stock locked: expired holds are released in batches.
 */
@Component
class ReservationExpiry {

	private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);

	private final Reservations reservations;

	ReservationExpiry(Reservations reservations) {
		this.reservations = reservations;
	}

	@Scheduled(fixedDelayString = "${concord.inventory.reservations.expiry-check:5s}")
	void releaseExpired() {
		int released;
		do {
			released = this.reservations.expire(500);
			if (released > 0) {
				log.info("Released {} expired reservations", released);
			}
		}
		while (released == 500);
	}

}
