package io.concord.promotion.prices;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PriceResolutionTests {

	private static final Instant NOW = Instant.parse("2026-11-10T16:00:00Z");

	@Test
	void theChannelsOwnEntryBeatsAllAndTheLatestEffectiveFromWins() {
		PriceEntry all = entry("ALL", 10000, days(-10), null);
		PriceEntry newerAll = entry("ALL", 9000, days(-2), null);
		PriceEntry app = entry("APP", 9500, days(-5), null);
		List<PriceEntry> entries = List.of(all, newerAll, app);
		assertThat(PriceResolution.resolve(entries, "APP", NOW)).contains(app);
		assertThat(PriceResolution.resolve(entries, "WEB", NOW)).contains(newerAll);
		assertThat(PriceResolution.resolve(entries, "ALL", NOW)).contains(newerAll);
		assertThat(PriceResolution.resolve(entries, "WEB", days(-20))).isEmpty();
	}

	@Test
	void anEndedOrCancelledOrFutureEntryDoesNotPrice() {
		PriceEntry all = entry("ALL", 10000, days(-10), null);
		PriceEntry ended = entry("APP", 8000, days(-5), days(-1));
		PriceEntry future = entry("APP", 7000, days(1), null);
		assertThat(PriceResolution.resolve(List.of(all, ended, future), "APP", NOW)).contains(all);
		assertThat(PriceResolution.resolve(List.of(all, ended, future), "APP", days(2))).contains(future);
	}

	@Test
	void theReferenceIsTheLowestPriceOfTheWindowBeforeThePriceTookEffect() {
		PriceEntry outside = entry("ALL", 7000, days(-40), days(-31));
		PriceEntry old = entry("ALL", 13000, days(-45), null);
		PriceEntry scheduled = entry("ALL", 11000, days(-20), null);
		PriceEntry appOnly = entry("APP", 9500, days(-5), days(-3));
		PriceEntry current = entry("ALL", 10000, NOW, null);
		List<PriceEntry> entries = List.of(outside, old, scheduled, appOnly, current);
		assertThat(PriceResolution.current(entries, "S", "WEB", "CNY", NOW, 30).orElseThrow().referencePriceMinor())
			.isEqualTo(11000);
		assertThat(PriceResolution.current(entries, "S", "APP", "CNY", NOW, 30).orElseThrow().referencePriceMinor())
			.as("the app sold at 9500 within the window")
			.isEqualTo(9500);
		assertThat(PriceResolution.current(entries, "S", "WEB", "CNY", NOW, 50).orElseThrow().referencePriceMinor())
			.as("a longer market window reaches the 7000")
			.isEqualTo(7000);
		assertThat(PriceResolution.current(List.of(current), "S", "WEB", "CNY", NOW, 30)
			.orElseThrow()
			.referencePriceMinor()).as("no earlier price: its own").isEqualTo(10000);
	}

	@Test
	void anAllPriceThatAppliesAgainTookEffectWhenTheChannelsEntryEnded() {
		PriceEntry all = entry("ALL", 10000, days(-100), null);
		PriceEntry appSale = entry("APP", 8000, days(-10), days(-1));
		PriceLists.CurrentPrice app = PriceResolution.current(List.of(all, appSale), "S", "APP", "CNY", NOW, 30)
			.orElseThrow();
		assertThat(app.channel()).isEqualTo("ALL");
		assertThat(app.referencePriceMinor()).isEqualTo(8000);
	}

	@Test
	void rulesMeasureChannelsAgainstTheAllPriceExactly() {
		PriceRule same = new PriceRule(UUID.randomUUID(), "G", PriceRule.Kind.SAME_PRICE, null,
				PriceRule.Severity.HARD);
		PriceRule fivePercent = new PriceRule(UUID.randomUUID(), "G", PriceRule.Kind.MAX_DIFFERENCE,
				new BigDecimal("5"), PriceRule.Severity.SOFT);
		assertThat(same.breaks(10000, 10000)).isFalse();
		assertThat(same.breaks(9999, 10000)).isTrue();
		assertThat(fivePercent.breaks(9500, 10000)).isFalse();
		assertThat(fivePercent.breaks(10500, 10000)).isFalse();
		assertThat(fivePercent.breaks(9499, 10000)).isTrue();
		List<PriceEntry> entries = List.of(entry("ALL", 10000, days(-1), null), entry("APP", 9000, days(-1), null),
				entry("WEB", 10000, days(-1), null));
		assertThat(same.conflicts(entries, "S", "CNY", NOW)).singleElement()
			.satisfies((c) -> assertThat(c.channel()).isEqualTo("APP"));
	}

	@Test
	void aSavingIsNeverShownAgainstAListPriceAboveTheReference() {
		assertThat(Savings.wasPriceMinor(12000L, 11000L)).isEqualTo(11000L);
		assertThat(Savings.wasPriceMinor(10000L, 11000L)).isEqualTo(10000L);
		assertThat(Savings.advertisedSavingMinor(11000L, 2, 20000)).isEqualTo(2000);
		assertThat(Savings.advertisedSavingMinor(11000L, 1, 12000)).isZero();
		assertThat(Savings.advertisedSavingMinor(null, 1, 100)).isZero();
	}

	private static Instant days(int days) {
		return NOW.plus(Duration.ofDays(days));
	}

	private static PriceEntry entry(String channel, long selling, Instant from, @Nullable Instant to) {
		return new PriceEntry(UUID.randomUUID(), "S", channel, "CNY", selling + 2000, selling, from, to,
				PriceLists.Source.ADMIN, "test", "ops-1", false, from, null, null, null, from);
	}

}
