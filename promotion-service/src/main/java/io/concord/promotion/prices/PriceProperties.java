package io.concord.promotion.prices;

import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Prices' settings ({@code concord.promotion.prices}).
 *
 * @param referenceDays the reference price's window in days (EU Omnibus: 30)
 * @param referenceDaysByCurrency a market's own window, by currency (e.g. {@code CNY: 7})
 * @param maxSkusPerRead the most SKUs one {@code GET /api/prices} may ask for
 */
@ConfigurationProperties("concord.promotion.prices")
record PriceProperties(@DefaultValue("30") int referenceDays,
		@DefaultValue Map<String, Integer> referenceDaysByCurrency, @DefaultValue("100") int maxSkusPerRead) {

	PriceProperties {
		referenceDaysByCurrency = Map.copyOf(referenceDaysByCurrency);
		if (referenceDays < 1 || referenceDaysByCurrency.values().stream().anyMatch((d) -> d < 1)) {
			throw new IllegalArgumentException("concord.promotion.prices reference days must be at least 1");
		}
	}

	int referenceDays(String currency) {
		return this.referenceDaysByCurrency.getOrDefault(currency, this.referenceDays);
	}

}
