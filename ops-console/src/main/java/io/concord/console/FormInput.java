package io.concord.console;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Currency;

import org.jspecify.annotations.Nullable;

/**
 * What staff type into a form, read exactly: an amount in major units ("199.00") as minor
 * units of the currency, never through floating point; a date and time of a
 * {@code datetime-local} field as an instant in the business time zone. A value that
 * cannot be read is an {@link Invalid} naming the field, so the screen can say which.
 */
public final class FormInput {

	private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

	private FormInput() {
	}

	/**
	 * An amount in minor units ({@code "59.9"} in CNY is 5990), or null when left empty.
	 * More decimals than the currency has, or more than it can hold, is invalid.
	 */
	public static @Nullable Long minor(String field, @Nullable String text, Currency currency) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			BigDecimal amount = new BigDecimal(text.strip().replace(",", ""));
			// setScale without rounding: 0.005 yuan is refused, not rounded.
			return amount.setScale(Math.max(currency.getDefaultFractionDigits(), 0)).unscaledValue().longValueExact();
		}
		catch (ArithmeticException | NumberFormatException ex) {
			throw new Invalid(field, text);
		}
	}

	/** A number as typed ({@code "15.5"}), or null when left empty. */
	public static @Nullable BigDecimal decimal(String field, @Nullable String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return new BigDecimal(text.strip());
		}
		catch (NumberFormatException ex) {
			throw new Invalid(field, text);
		}
	}

	/**
	 * A {@code datetime-local} value ({@code 2026-11-11T00:00}, seconds allowed) in the
	 * business zone, or null when left empty.
	 */
	public static @Nullable Instant instant(String field, @Nullable String text, ZoneId zone) {
		if (text == null || text.isBlank()) {
			return null;
		}
		try {
			return LocalDateTime.parse(text.strip()).atZone(zone).toInstant();
		}
		catch (DateTimeException ex) {
			throw new Invalid(field, text);
		}
	}

	/** The value a {@code datetime-local} field shows for an instant in the zone. */
	public static String local(Instant at, ZoneId zone) {
		return LOCAL.format(at.atZone(zone));
	}

	/** A field's value could not be read. */
	public static final class Invalid extends RuntimeException {

		private final String field;

		private final String value;

		public Invalid(String field, String value) {
			super(field + ": " + value);
			this.field = field;
			this.value = value;
		}

		public String field() {
			return this.field;
		}

		public String value() {
			return this.value;
		}

	}

}
