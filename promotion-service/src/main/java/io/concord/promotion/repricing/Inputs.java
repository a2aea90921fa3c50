package io.concord.promotion.repricing;

import java.math.BigDecimal;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * Everything a decision was made from, audited with it.
 *
 * @param at when
 * @param currentPriceMinor the selling price in force
 * @param dayOpenPriceMinor the selling price the UTC day opened with (the daily move's
 * base)
 * @param costMinor the SKU's cost entered by ops; no floor (so no change) without it
 * @param availableUnits free units (inventory's StockChanged), null when never heard of
 * @param dailyDemand units ordered per day over the demand window
 * @param plannedUnitsToDate the plan's units prorated to now, null without a plan
 * @param soldUnitsInPlan units ordered since the plan's period started
 * @param competitorPriceMinor the lowest in-stock competitor price
 * @param competitorSourceId whose it is
 * @param guaranteeCampaignId a campaign guaranteeing the price now
 * @param killSwitch the kill switch engaged (GLOBAL or a SKU group id)
 */
record Inputs(Instant at, long currentPriceMinor, long dayOpenPriceMinor, @Nullable Long costMinor,
		@Nullable Long availableUnits, @Nullable BigDecimal dailyDemand, @Nullable Long plannedUnitsToDate,
		@Nullable Long soldUnitsInPlan, @Nullable Long competitorPriceMinor, @Nullable String competitorSourceId,
		@Nullable String guaranteeCampaignId, @Nullable String killSwitch) {

	Inputs withPrices(long current, long dayOpen) {
		return new Inputs(this.at, current, dayOpen, this.costMinor, this.availableUnits, this.dailyDemand,
				this.plannedUnitsToDate, this.soldUnitsInPlan, this.competitorPriceMinor, this.competitorSourceId,
				this.guaranteeCampaignId, this.killSwitch);
	}

}
