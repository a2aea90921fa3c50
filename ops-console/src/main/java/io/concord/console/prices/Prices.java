package io.concord.console.prices;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Prices as promotion-service's admin API answers them ({@code /admin/promotions/prices…}
 * and its competitor alerts): only what the screens show. All amounts in minor units.
 */
public final class Prices {

	/** The channels a price can be set for; ALL prices every channel without its own. */
	public static final List<String> CHANNELS = List.of("ALL", "APP", "WEB", "MINI_PROGRAM", "SOCIAL", "LIVESTREAM",
			"MARKETPLACE", "STORE");

	/** What set a price entry (each needs a label). */
	public static final List<String> SOURCES = List.of("ADMIN", "SCHEDULE", "DYNAMIC", "EXPIRY");

	/** Where an entry stands now (each needs a label). */
	public static final List<String> ENTRY_STATES = List.of("SCHEDULED", "EFFECTIVE", "EXPIRED", "CANCELLED");

	/** The kinds and severities of a SKU group's rules (each needs a label). */
	public static final List<String> RULE_KINDS = List.of("SAME_PRICE", "MAX_DIFFERENCE");

	public static final List<String> SEVERITIES = List.of("HARD", "SOFT");

	private Prices() {
	}

	/** {@code GET /admin/promotions/prices/{sku}}. */
	public record Sku(String sku, List<String> groups, List<Current> current, List<Entry> scheduled) {
	}

	/**
	 * A SKU's price on a channel now ({@code channel} ALL: the price of every channel
	 * without its own) with the reference price (the lowest of the prior days).
	 */
	public record Current(String channel, String currency, long listPriceMinor, long sellingPriceMinor,
			long referencePriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	/** One price list entry: never changed, except its cancellation before it starts. */
	public record Entry(UUID id, String channel, String currency, long listPriceMinor, long sellingPriceMinor,
			Instant effectiveFrom, @Nullable Instant effectiveTo, String source, String reason, String actor,
			boolean overridden, Instant createdAt, @Nullable Instant cancelledAt, @Nullable String cancelledBy,
			@Nullable String cancelReason) {

		/** Only an entry not yet in effect can be cancelled (the API's rule). */
		public boolean cancellable(Instant now) {
			return this.cancelledAt == null && this.effectiveFrom.isAfter(now);
		}

		public String state(Instant now) {
			if (this.cancelledAt != null) {
				return "CANCELLED";
			}
			if (this.effectiveFrom.isAfter(now)) {
				return "SCHEDULED";
			}
			return (this.effectiveTo != null && !this.effectiveTo.isAfter(now)) ? "EXPIRED" : "EFFECTIVE";
		}

	}

	public record Group(String id, String name, List<String> skus, List<Rule> rules) {
	}

	public record Rule(UUID id, String kind, @Nullable BigDecimal maxDifferencePercent, String severity) {
	}

	/**
	 * A channel's price breaking a group's rule against the ALL price ({@code detail} is
	 * the conflict as found).
	 */
	public record Violation(UUID id, String groupId, String severity, String sku, String channel, String currency,
			Detail detail, boolean overridden, Instant openedAt, @Nullable Instant closedAt) {

		public boolean open() {
			return this.closedAt == null;
		}

	}

	public record Detail(String kind, @Nullable BigDecimal maxDifferencePercent, long channelPriceMinor,
			long allChannelsPriceMinor) {
	}

	/** A change applied against a hard rule: who, why, which prices. */
	public record Override(UUID id, UUID entryId, String groupId, String actor, String reason,
			List<Map<String, Object>> conflicts, Instant createdAt) {

		public boolean concerns(String sku) {
			return this.conflicts.stream().anyMatch((conflict) -> sku.equals(conflict.get("sku")));
		}

	}

	/** A competitor selling the SKU below our price by more than the threshold. */
	public record Alert(UUID alertId, String sku, String sourceId, long competitorPriceMinor, long ourPriceMinor,
			String currency, BigDecimal undercutPercent, BigDecimal thresholdPercent, String status, Instant openedAt,
			Instant lastSeenAt) {
	}

}
