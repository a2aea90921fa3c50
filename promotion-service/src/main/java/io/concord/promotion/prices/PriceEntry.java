package io.concord.promotion.prices;

import java.time.Instant;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * One price list entry as stored: never changed once written, except its cancellation
 * (before it takes effect) and the record of its events' publication.
 */
record PriceEntry(UUID id, String sku, String channel, String currency, long listPriceMinor, long sellingPriceMinor,
		Instant effectiveFrom, @Nullable Instant effectiveTo, PriceLists.Source source, String reason, String actor,
		boolean overridden, Instant createdAt, @Nullable Instant cancelledAt, @Nullable String cancelledBy,
		@Nullable String cancelReason, @Nullable Instant publishedAt) {

	/** The channel of an entry that prices every channel without an entry of its own. */
	static final String ALL = "ALL";

	boolean cancelled() {
		return this.cancelledAt != null;
	}

	/** Whether this entry is in its validity window at {@code at}. */
	boolean validAt(Instant at) {
		return !cancelled() && !this.effectiveFrom.isAfter(at)
				&& (this.effectiveTo == null || this.effectiveTo.isAfter(at));
	}

}
