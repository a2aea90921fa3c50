package io.concord.inventory.demand;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code concord.inventory.sales-history.*}: the most rows one import may carry (the
 * request body is capped separately, {@code concord.web.body-limits}). A larger history
 * is imported in parts.
 */
@ConfigurationProperties("concord.inventory.sales-history")
record SalesHistorySettings(@DefaultValue("1000000") int maxRows) {

	SalesHistorySettings {
		if (maxRows < 1) {
			throw new IllegalArgumentException("concord.inventory.sales-history.max-rows must be at least 1");
		}
	}

}
