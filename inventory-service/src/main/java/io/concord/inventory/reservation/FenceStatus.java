package io.concord.inventory.reservation;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * A ring-fence's states. Not stored: a fence's times say which it is in (time moves it
 * forward, a release is final), and this is the one place that reads them
 * ({@link StockPools} selects exactly the ACTIVE ones, with the same conditions in SQL so
 * it can lock them).
 */
enum FenceStatus {

	/** Waiting for its start (or for its campaign's window to be announced). */
	SCHEDULED,
	/** In force: its channel draws its units first, others cannot. */
	ACTIVE,
	/** Released by hand, at its release time or when its campaign ended. */
	RELEASED;

	static FenceStatus at(Instant now, @Nullable Instant startsAt, @Nullable Instant releaseAt,
			@Nullable Instant releasedAt) {
		if (releasedAt != null || (releaseAt != null && !releaseAt.isAfter(now))) {
			return RELEASED;
		}
		if (startsAt == null || startsAt.isAfter(now)) {
			return SCHEDULED;
		}
		return ACTIVE;
	}

}
