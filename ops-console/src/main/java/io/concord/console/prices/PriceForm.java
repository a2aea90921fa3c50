package io.concord.console.prices;

import java.time.ZoneId;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

import io.concord.console.FormInput;
import org.jspecify.annotations.Nullable;

/**
 * The set-a-price form as typed: amounts in major units of the currency, the window as
 * {@code datetime-local} values in the business time zone (start empty: now), a reason
 * (the API keeps it in the history), and whether to override a hard rule.
 */
public record PriceForm(@Nullable String channel, @Nullable String currency, @Nullable String listPrice,
		@Nullable String sellingPrice, @Nullable String effectiveFrom, @Nullable String effectiveTo,
		@Nullable String reason, @Nullable String override) {

	/** The API's request ({@code POST /admin/promotions/prices}). */
	Map<String, Object> request(String sku, Currency shop, ZoneId zone) {
		Currency currency = currency(shop);
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("sku", sku);
		body.put("channel", (this.channel != null && !this.channel.isBlank())
				? this.channel.strip().toUpperCase(Locale.ROOT) : "ALL");
		body.put("currency", currency.getCurrencyCode());
		body.put("listPriceMinor", FormInput.minor("listPrice", this.listPrice, currency));
		body.put("sellingPriceMinor", FormInput.minor("sellingPrice", this.sellingPrice, currency));
		putIf(body, "effectiveFrom", FormInput.instant("effectiveFrom", this.effectiveFrom, zone));
		putIf(body, "effectiveTo", FormInput.instant("effectiveTo", this.effectiveTo, zone));
		body.put("reason", (this.reason != null) ? this.reason.strip() : "");
		if (this.override != null) {
			body.put("override", true);
		}
		return body;
	}

	private Currency currency(Currency shop) {
		if (this.currency == null || this.currency.isBlank()) {
			return shop;
		}
		try {
			return Currency.getInstance(this.currency.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new FormInput.Invalid("currency", this.currency);
		}
	}

	private static void putIf(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

}
