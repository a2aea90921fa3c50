package io.concord.console;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Currency;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Component;

/**
 * Money in its currency's format for the reader's language (minor units, exact), times in
 * the business time zone. Templates reach it as {@code @consoleFormat}.
 */
@Component("consoleFormat")
public class ConsoleFormat {

	private final ConsoleProperties properties;

	ConsoleFormat(ConsoleProperties properties) {
		this.properties = properties;
	}

	/** The shop's currency. */
	public Currency currency() {
		return this.properties.currency();
	}

	/** An amount in minor units of the currency (e.g. fen), formatted for the locale. */
	public String money(long minor, @Nullable String currencyCode, Locale locale) {
		Currency currency = (currencyCode != null) ? Currency.getInstance(currencyCode) : this.properties.currency();
		NumberFormat format = NumberFormat.getCurrencyInstance(locale);
		format.setCurrency(currency);
		int digits = Math.max(currency.getDefaultFractionDigits(), 0);
		format.setMinimumFractionDigits(digits);
		format.setMaximumFractionDigits(digits);
		return format.format(BigDecimal.valueOf(minor, digits));
	}

	/** Date and time in the business zone. */
	public String dateTime(@Nullable Instant at, Locale locale) {
		if (at == null) {
			return "";
		}
		return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM)
			.withLocale(locale)
			.withZone(this.properties.zone())
			.format(at);
	}

	/** Time of day in the business zone (the board's clock and latest orders). */
	public String time(@Nullable Instant at, Locale locale) {
		if (at == null) {
			return "";
		}
		return DateTimeFormatter.ofLocalizedTime(FormatStyle.MEDIUM)
			.withLocale(locale)
			.withZone(this.properties.zone())
			.format(at);
	}

	/** A share (0..1) as a percentage with one decimal. */
	public String percent(@Nullable Double share, Locale locale) {
		if (share == null) {
			return "–";
		}
		NumberFormat format = NumberFormat.getPercentInstance(locale);
		format.setMinimumFractionDigits(1);
		format.setMaximumFractionDigits(1);
		return format.format(share);
	}

	/** The zone's id, shown next to times. */
	public String zone() {
		return this.properties.zone().getId();
	}

}
