package io.concord.inventory.demand;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code concord.inventory.forecasting.*}: the business day's time zone (sales are
 * counted per day in it), the horizon of a run, how many days of history the models see,
 * how many days accuracy is tracked over, and the share of a business day a SKU ×
 * location must have been out of stock for that day's sales to count as censored demand
 * ({@code censored-share}, default 0.5: out for at least half the day).
 */
@ConfigurationProperties("concord.inventory.forecasting")
public record DemandSettings(@DefaultValue("UTC") ZoneId zone, @DefaultValue("28") int horizon,
		@DefaultValue("730") int historyDays, @DefaultValue("28") int accuracyDays,
		@DefaultValue("0.5") double censoredShare) {

	public DemandSettings {
		if (horizon < 1 || horizon > 366 || historyDays < 14 || accuracyDays < 1 || !(censoredShare > 0)
				|| censoredShare > 1) {
			throw new IllegalArgumentException("concord.inventory.forecasting: horizon 1..366, history-days >= 14, "
					+ "accuracy-days >= 1, censored-share in (0, 1]");
		}
	}

}
