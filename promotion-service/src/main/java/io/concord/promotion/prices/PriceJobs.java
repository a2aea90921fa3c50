package io.concord.promotion.prices;

import java.time.Clock;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Prices' schedules: PriceChanged for scheduled entries whose time came and for windows
 * that ended (every few seconds; once per entry, safe with several instances), and the
 * nightly consistency check of every SKU group's rules (cron configurable).
 */
@Component
@EnableConfigurationProperties(PriceProperties.class)
class PriceJobs {

	private static final Logger log = LoggerFactory.getLogger(PriceJobs.class);

	private static final int BATCH = 200;

	private final PriceLists prices;

	private final PriceGroups groups;

	private final TransactionTemplate transaction;

	private final Clock clock;

	PriceJobs(PriceLists prices, PriceGroups groups, PlatformTransactionManager transactions, Clock clock) {
		this.prices = prices;
		this.groups = groups;
		this.transaction = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	@Scheduled(fixedDelayString = "${concord.promotion.prices.publish-check:5s}")
	void publishDue() {
		int published;
		do {
			published = this.prices.publishDue(BATCH);
			if (published > 0) {
				log.info("Published {} scheduled price changes", published);
			}
		}
		while (published == BATCH);
		int expired;
		do {
			expired = this.prices.publishExpired(BATCH);
		}
		while (expired == BATCH);
	}

	/**
	 * Checks every SKU some rule covers, in each of its currencies; returns violations
	 * opened.
	 */
	@Scheduled(cron = "${concord.promotion.prices.consistency-check-cron:0 30 2 * * *}")
	int checkConsistency() {
		Instant now = this.clock.instant();
		int opened = 0;
		for (String sku : this.groups.ruledSkus()) {
			Integer forSku = this.transaction.execute((status) -> {
				int count = 0;
				var entries = this.prices.history(sku).stream().filter((e) -> !e.cancelled()).toList();
				for (String currency : entries.stream().map(PriceEntry::currency).distinct().toList()) {
					count += this.groups.reconcile(sku, currency,
							entries.stream().filter((e) -> e.currency().equals(currency)).toList(), now,
							"NIGHTLY_CHECK", false);
				}
				return count;
			});
			opened += (forSku != null) ? forSku : 0;
		}
		if (opened > 0) {
			log.warn("Consistency check opened {} price rule violations", opened);
		}
		return opened;
	}

}
