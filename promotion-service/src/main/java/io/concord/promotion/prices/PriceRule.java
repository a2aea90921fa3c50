package io.concord.promotion.prices;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * A cross-channel rule of a SKU group, and the one home of what breaks it: SAME_PRICE
 * wants every channel's own selling price equal to the ALL price; MAX_DIFFERENCE lets a
 * channel's selling price differ from the ALL price by at most
 * {@code maxDifferencePercent} of it. Channels without their own entry sell at the ALL
 * price and cannot break either. HARD rules refuse a change unless an admin overrides it;
 * SOFT ones are recorded.
 */
record PriceRule(UUID id, String groupId, Kind kind, @Nullable BigDecimal maxDifferencePercent, Severity severity) {

	enum Kind {

		SAME_PRICE, MAX_DIFFERENCE

	}

	enum Severity {

		HARD, SOFT

	}

	/** A channel's price that breaks the rule against the ALL price. */
	record Conflict(UUID ruleId, String groupId, Kind kind, @Nullable BigDecimal maxDifferencePercent,
			Severity severity, String sku, String currency, String channel, long channelPriceMinor,
			long allChannelsPriceMinor) {
	}

	/** The channels whose prices break this rule at {@code at}. */
	List<Conflict> conflicts(Collection<PriceEntry> entries, String sku, String currency, Instant at) {
		Optional<PriceEntry> all = PriceResolution.exact(entries, PriceEntry.ALL, at);
		if (all.isEmpty()) {
			return List.of();
		}
		long allPrice = all.get().sellingPriceMinor();
		TreeSet<String> channels = new TreeSet<>();
		entries.stream().map(PriceEntry::channel).filter((c) -> !PriceEntry.ALL.equals(c)).forEach(channels::add);
		List<Conflict> conflicts = new ArrayList<>();
		for (String channel : channels) {
			Optional<PriceEntry> own = PriceResolution.exact(entries, channel, at);
			if (own.isPresent() && breaks(own.get().sellingPriceMinor(), allPrice)) {
				conflicts.add(new Conflict(this.id, this.groupId, this.kind, this.maxDifferencePercent, this.severity,
						sku, currency, channel, own.get().sellingPriceMinor(), allPrice));
			}
		}
		return conflicts;
	}

	boolean breaks(long channelPrice, long allPrice) {
		return switch (this.kind) {
			case SAME_PRICE -> channelPrice != allPrice;
			case MAX_DIFFERENCE -> {
				// |channel - all| * 100 > x * all, exactly.
				BigDecimal difference = BigDecimal.valueOf(Math.abs(Math.subtractExact(channelPrice, allPrice)))
					.multiply(BigDecimal.valueOf(100));
				BigDecimal allowed = BigDecimal.valueOf(allPrice).multiply(this.maxDifferencePercent);
				yield difference.compareTo(allowed) > 0;
			}
		};
	}

}
