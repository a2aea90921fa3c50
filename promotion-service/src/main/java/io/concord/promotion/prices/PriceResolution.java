package io.concord.promotion.prices;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The one home of which entry prices a SKU on a channel at a moment, and of the reference
 * price. Resolution: among the entries valid at that moment (not cancelled, in their
 * window), the channel's own entries beat the {@code ALL} entries; among those the latest
 * {@code effectiveFrom} wins (then the latest written). Reference price (EU Omnibus): the
 * lowest selling price the channel had in the N days before the current price took
 * effect, read from the history (scheduled entries included once their time came); the
 * price's own selling price when it had none before. Pure: entries in, answers out.
 */
final class PriceResolution {

	private static final Comparator<PriceEntry> LATEST = Comparator.comparing(PriceEntry::effectiveFrom)
		.thenComparing(PriceEntry::createdAt);

	private PriceResolution() {
	}

	/** The entry pricing {@code channel} at {@code at}: its own, else the ALL one. */
	static Optional<PriceEntry> resolve(Collection<PriceEntry> entries, String channel, Instant at) {
		Optional<PriceEntry> own = exact(entries, channel, at);
		return (own.isPresent() || PriceEntry.ALL.equals(channel)) ? own : exact(entries, PriceEntry.ALL, at);
	}

	/** The entry of exactly this channel valid at {@code at} (no fallback to ALL). */
	static Optional<PriceEntry> exact(Collection<PriceEntry> entries, String channel, Instant at) {
		return entries.stream().filter((e) -> e.channel().equals(channel) && e.validAt(at)).max(LATEST);
	}

	/**
	 * Since when {@code current} has priced the channel without interruption, looking
	 * back from {@code at}: the moment "the current price took effect" for the reference
	 * price (for an ALL price that applies again after a channel's own entry ended, that
	 * end).
	 */
	static Instant tookEffect(Collection<PriceEntry> entries, String channel, PriceEntry current, Instant at) {
		Instant since = current.effectiveFrom();
		for (Instant moment : breakpoints(entries, since, at).descendingSet()) {
			Instant before = moment.minusNanos(1);
			if (!resolve(entries, channel, before).map(PriceEntry::id).equals(Optional.of(current.id()))) {
				return moment;
			}
		}
		return since;
	}

	/**
	 * The lowest selling price the channel had in the {@code days} before {@code until}
	 * (exclusive), or {@code fallback} when it had none.
	 */
	static long reference(Collection<PriceEntry> entries, String channel, Instant until, int days, long fallback) {
		Instant from = until.minus(Duration.ofDays(days));
		TreeSet<Instant> moments = breakpoints(entries, from, until);
		moments.add(from);
		long lowest = Long.MAX_VALUE;
		for (Instant moment : moments) {
			if (!moment.isBefore(until)) {
				continue;
			}
			Optional<PriceEntry> entry = resolve(entries, channel, moment);
			if (entry.isPresent()) {
				lowest = Math.min(lowest, entry.get().sellingPriceMinor());
			}
		}
		return (lowest == Long.MAX_VALUE) ? fallback : lowest;
	}

	/** The current price of the channel at {@code at} with its reference price. */
	static Optional<PriceLists.CurrentPrice> current(List<PriceEntry> entries, String sku, String channel,
			String currency, Instant at, int referenceDays) {
		return resolve(entries, channel, at).map((entry) -> {
			Instant since = tookEffect(entries, channel, entry, at);
			long reference = reference(entries, channel, since, referenceDays, entry.sellingPriceMinor());
			return new PriceLists.CurrentPrice(sku, entry.channel(), currency, entry.listPriceMinor(),
					entry.sellingPriceMinor(), reference, entry.effectiveFrom(), entry.effectiveTo());
		});
	}

	// Every moment in (from, until] where an entry starts or ends: between two of them
	// the resolved entry cannot change.
	private static TreeSet<Instant> breakpoints(Collection<PriceEntry> entries, Instant from, Instant until) {
		TreeSet<Instant> moments = new TreeSet<>();
		for (PriceEntry entry : entries) {
			if (entry.cancelled()) {
				continue;
			}
			addWithin(moments, entry.effectiveFrom(), from, until);
			if (entry.effectiveTo() != null) {
				addWithin(moments, entry.effectiveTo(), from, until);
			}
		}
		return moments;
	}

	private static void addWithin(TreeSet<Instant> moments, Instant moment, Instant from, Instant until) {
		if (moment.isAfter(from) && !moment.isAfter(until)) {
			moments.add(moment);
		}
	}

}
