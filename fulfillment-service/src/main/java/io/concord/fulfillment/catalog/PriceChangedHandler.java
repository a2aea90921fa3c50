package io.concord.fulfillment.catalog;

import java.time.Instant;
import java.util.UUID;

import io.concord.platform.events.EventHandler;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Consumes promotion-service's {@code PriceChanged} into {@link ChannelPrices}: once per
 * event id (the inbox), and ordered by {@code effectiveFrom} whatever the delivery order
 * (an older change is ignored). A load-test run's change is only logged: shadow traffic
 * never reprices the real catalogue (ADR-25).
 */
@Configuration(proxyBeanMethods = false)
class PriceChangedHandler {

	private static final Logger log = LoggerFactory.getLogger(PriceChangedHandler.class);

	record PriceChanged(UUID changeId, String sku, String channel, String currency, long listPriceMinor,
			long sellingPriceMinor, @Nullable Long previousSellingPriceMinor, long referencePriceMinor,
			Instant effectiveFrom, @Nullable Instant effectiveTo, String source) {
	}

	@Bean
	EventHandler<PriceChanged> projectChannelPrices(ChannelPrices prices) {
		return EventHandler.of("concord.promotion.PriceChanged", PriceChanged.class, "project-channel-prices",
				(event) -> {
					PriceChanged change = event.data();
					if (TestRun.active()) {
						log.info("Load-test run {}: price change {} of {} not projected", TestRun.current(),
								change.changeId(), change.sku());
						return;
					}
					prices.record(new ChannelPrices.ChannelPrice(change.sku(), change.channel(), change.currency(),
							change.sellingPriceMinor(), change.listPriceMinor(), change.effectiveFrom(),
							change.effectiveTo(), change.changeId()), change.previousSellingPriceMinor());
				});
	}

}
