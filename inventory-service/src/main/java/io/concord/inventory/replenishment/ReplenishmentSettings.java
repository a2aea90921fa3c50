package io.concord.inventory.replenishment;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code concord.inventory.replenishment.*}: the defaults for SKU × locations without a
 * policy of their own (supplier lead time, review period, cycle service level), and how
 * long a suggestion nobody ordered stays open before the next run may suggest again.
 */
@ConfigurationProperties("concord.inventory.replenishment")
record ReplenishmentSettings(@DefaultValue("7") int leadTimeDays, @DefaultValue("7") int reviewDays,
		@DefaultValue("0.95") BigDecimal serviceLevel, @DefaultValue("7d") Duration suggestionLapsesAfter) {
}
