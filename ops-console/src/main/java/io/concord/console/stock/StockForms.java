package io.concord.console.stock;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the stock forms post, kept as typed so that a refused form comes back with the
 * user's own values. Each form carries an idempotency key made when it was shown: a form
 * sent twice takes effect once, and a form shown again after a refusal gets a new one.
 * Values are passed to the API as they are (a number where it is one): the API decides
 * what is valid and says why, in one place.
 */
public final class StockForms {

	/**
	 * Reason codes offered for an adjustment (the API takes any code of capitals and
	 * underscores; these are the usual ones).
	 */
	static final List<String> REASONS = List.of("INITIAL_COUNT", "DAMAGED", "FOUND", "LOST", "WRITE_OFF",
			"RETURN_TO_SUPPLIER", "CORRECTION");

	/** Sales channels offered for a ring-fence (fulfillment's channels). */
	static final List<String> CHANNELS = List.of("APP", "WEB", "MINI_PROGRAM", "SOCIAL", "LIVESTREAM", "MARKETPLACE",
			"STORE");

	private StockForms() {
	}

	/**
	 * {@code POST /admin/inventory/adjustments}: a positive quantity adds, negative
	 * removes.
	 */
	public record Adjustment(@Nullable String sku, @Nullable String location, @Nullable String quantity,
			@Nullable String reason, @Nullable String reference, @Nullable String key) {

		static Adjustment blank(String sku) {
			return new Adjustment(sku, null, null, null, null, newKey());
		}

		Adjustment again() {
			return new Adjustment(this.sku, this.location, this.quantity, this.reason, this.reference, newKey());
		}

	}

	/** {@code POST /admin/inventory/counts}: on hand becomes what was counted. */
	public record Count(@Nullable String sku, @Nullable String location, @Nullable String counted,
			@Nullable String reference, @Nullable String key) {

		static Count blank(String sku) {
			return new Count(sku, null, null, null, newKey());
		}

		Count again() {
			return new Count(this.sku, this.location, this.counted, this.reference, newKey());
		}

	}

	/**
	 * {@code POST /admin/inventory/ring-fences}: an amount in units or a percentage of
	 * the free units ({@code unit} UNITS or PERCENT), released by hand or at a time
	 * (business zone).
	 */
	public record Fence(@Nullable String sku, @Nullable String channel, @Nullable String amount, @Nullable String unit,
			@Nullable String campaignId, @Nullable String releaseAt, @Nullable String key) {

		static Fence blank(String sku) {
			return new Fence(sku, null, null, "UNITS", null, null, newKey());
		}

		Fence again() {
			return new Fence(this.sku, this.channel, this.amount, this.unit, this.campaignId, this.releaseAt, newKey());
		}

		boolean percent() {
			return "PERCENT".equals(this.unit);
		}

	}

	/** {@code POST /admin/inventory/transfers}: units leave now, arrive when received. */
	public record Transfer(@Nullable String sku, @Nullable String from, @Nullable String to, @Nullable String quantity,
			@Nullable String reference, @Nullable String key) {

		static Transfer blank(String sku) {
			return new Transfer(sku, null, null, null, null, newKey());
		}

		Transfer again() {
			return new Transfer(this.sku, this.from, this.to, this.quantity, this.reference, newKey());
		}

	}

	/** {@code POST /admin/inventory/transfers/{id}/receipt}. */
	public record Receipt(long id, @Nullable String received) {
	}

	static String newKey() {
		return "ops-console-" + UUID.randomUUID();
	}

	/** The key the form carried, or a new one for a post that carried none. */
	static String keyOf(@Nullable String key) {
		return (key == null || key.isBlank()) ? newKey() : key;
	}

	/** Blank means absent. */
	static @Nullable String text(@Nullable String value) {
		return (value == null || value.isBlank()) ? null : value.strip();
	}

	/**
	 * A whole number as a number; anything else as typed, for the API to refuse (a
	 * decimal is never rounded into a quantity here).
	 */
	static @Nullable Object whole(@Nullable String value) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		try {
			return Long.parseLong(text);
		}
		catch (NumberFormatException ex) {
			return text;
		}
	}

	/** A decimal number as a number; anything else as typed, for the API to refuse. */
	static @Nullable Object decimal(@Nullable String value) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		try {
			return new BigDecimal(text);
		}
		catch (NumberFormatException ex) {
			return text;
		}
	}

	/**
	 * A browser's local date and time ({@code 2026-11-11T23:59}) in the business zone as
	 * an instant; anything else as typed, for the API to refuse.
	 */
	static @Nullable Object instant(@Nullable String value, ZoneId zone) {
		String text = text(value);
		if (text == null) {
			return null;
		}
		try {
			return LocalDateTime.parse(text).atZone(zone).toInstant().toString();
		}
		catch (DateTimeException ex) {
			return text;
		}
	}

}
