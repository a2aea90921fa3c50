package io.concord.member.points;

import java.util.Currency;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;

/** An exact amount in minor units of an ISO 4217 currency. */
record Money(@PositiveOrZero long amountMinor, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency) {

	int fractionDigits() {
		return Currency.getInstance(this.currency).getDefaultFractionDigits();
	}

	long minorPerUnit() {
		return (long) Math.pow(10, Math.max(0, fractionDigits()));
	}

}
