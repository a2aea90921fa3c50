package io.concord.console.campaigns;

import java.math.BigDecimal;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.concord.console.FormInput;
import org.jspecify.annotations.Nullable;

/**
 * The form for the common promotions, as typed: a fixed amount off, a percentage off, a
 * spend threshold (spend X, get Y off) or free shipping, applied by itself or as a coupon
 * drop (a quantity of coupons shoppers claim). Amounts are in major units of the shop's
 * currency; the API's own rules (a threshold above its discount, a limit within the
 * quantity, ...) are left to the API, which names what is wrong.
 *
 * @param amount AMOUNT_OFF: the amount off; SPEND_THRESHOLD: the discount
 * @param spend AMOUNT_OFF, PERCENT_OFF, FREE_SHIPPING: the spend needed; SPEND_THRESHOLD:
 * the threshold
 * @param cap PERCENT_OFF, FREE_SHIPPING: the most it gives
 */
public record PromotionForm(@Nullable String id, @Nullable String name, @Nullable String kind,
		@Nullable String activation, @Nullable String amount, @Nullable String percent, @Nullable String spend,
		@Nullable String cap, @Nullable String quantity, @Nullable String perMember, @Nullable String validDays,
		@Nullable String publicCode, @Nullable String budget, @Nullable String startsAt, @Nullable String endsAt) {

	/** The kinds the form offers (the API knows BUY_X_GET_Y too: define it there). */
	public static final List<String> KINDS = List.of("AMOUNT_OFF", "PERCENT_OFF", "SPEND_THRESHOLD", "FREE_SHIPPING");

	/** The API's request ({@code POST /admin/promotions/campaigns/{id}/promotions}). */
	Map<String, Object> request(Currency currency, ZoneId zone) {
		String kind = orDefault(this.kind, "AMOUNT_OFF");
		boolean coupon = !"AUTOMATIC".equals(this.activation);
		Long amount = FormInput.minor("amount", this.amount, currency);
		Long spend = FormInput.minor("spend", this.spend, currency);
		Long cap = FormInput.minor("cap", this.cap, currency);
		Map<String, Object> rule = new LinkedHashMap<>();
		switch (kind) {
			case "PERCENT_OFF" -> {
				putIf(rule, "percentOff", FormInput.decimal("percent", this.percent));
				putIf(rule, "capMinor", cap);
				putIf(rule, "minSpendMinor", spend);
			}
			case "SPEND_THRESHOLD" -> {
				List<Map<String, Object>> tiers = new ArrayList<>();
				if (spend != null || amount != null) {
					Map<String, Object> tier = new LinkedHashMap<>();
					tier.put("spendMinor", spend);
					tier.put("offMinor", amount);
					tiers.add(tier);
				}
				rule.put("tiers", tiers);
			}
			case "FREE_SHIPPING" -> {
				putIf(rule, "capMinor", cap);
				putIf(rule, "minSpendMinor", spend);
			}
			default -> {
				putIf(rule, "amountOffMinor", amount);
				putIf(rule, "minSpendMinor", spend);
			}
		}
		Map<String, Object> body = new LinkedHashMap<>();
		putIf(body, "id", blankToNull(this.id));
		body.put("name", orDefault(this.name, ""));
		body.put("kind", kind);
		body.put("activation", coupon ? "COUPON" : "AUTOMATIC");
		body.put("stackingGroup", group(kind, coupon));
		body.put("currency", currency.getCurrencyCode());
		body.put("rule", rule);
		putIf(body, "startsAt", FormInput.instant("startsAt", this.startsAt, zone));
		putIf(body, "endsAt", FormInput.instant("endsAt", this.endsAt, zone));
		putIf(body, "budgetMinor", FormInput.minor("budget", this.budget, currency));
		if (coupon) {
			Map<String, Object> settings = new LinkedHashMap<>();
			settings.put("totalQuantity", whole("quantity", this.quantity));
			putIf(settings, "perMemberLimit", whole("perMember", this.perMember));
			putIf(settings, "validDays", whole("validDays", this.validDays));
			String code = blankToNull(this.publicCode);
			putIf(settings, "publicCode", (code != null) ? code.toUpperCase(java.util.Locale.ROOT) : null);
			body.put("coupon", settings);
		}
		return body;
	}

	/**
	 * Where the offer stacks: coupons in COUPON, shipping in SHIPPING, a threshold on the
	 * order, anything else on the items (the API's stacking order).
	 */
	static String group(String kind, boolean coupon) {
		if ("FREE_SHIPPING".equals(kind)) {
			return "SHIPPING";
		}
		if (coupon) {
			return "COUPON";
		}
		return "SPEND_THRESHOLD".equals(kind) ? "ORDER" : "ITEM";
	}

	private static @Nullable Integer whole(String field, @Nullable String text) {
		BigDecimal value = FormInput.decimal(field, text);
		if (value == null) {
			return null;
		}
		try {
			return value.intValueExact();
		}
		catch (ArithmeticException ex) {
			throw new FormInput.Invalid(field, text);
		}
	}

	private static void putIf(Map<String, Object> map, String key, @Nullable Object value) {
		if (value != null) {
			map.put(key, value);
		}
	}

	private static @Nullable String blankToNull(@Nullable String text) {
		return (text == null || text.isBlank()) ? null : text.strip();
	}

	private static String orDefault(@Nullable String text, String otherwise) {
		return (text == null || text.isBlank()) ? otherwise : text.strip();
	}

}
