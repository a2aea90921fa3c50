package io.concord.inventory.demand;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code concord.inventory.forecasting.*}: the business day's time zone (sales are
 * counted per day in it), the horizon of a run, how many days of history the models see,
 * and how many days accuracy is tracked over.
 */
@ConfigurationProperties("concord.inventory.forecasting")
public record DemandSettings(@DefaultValue("UTC") ZoneId zone, @DefaultValue("28") int horizon,
		@DefaultValue("730") int historyDays, @DefaultValue("28") int accuracyDays) {

	public DemandSettings {
		if (horizon < 1 || horizon > 366 || historyDays < 14 || accuracyDays < 1) {
			throw new IllegalArgumentException(
					"concord.inventory.forecasting: horizon 1..366, history-days >= 14, accuracy-days >= 1");
		}
	}

}
