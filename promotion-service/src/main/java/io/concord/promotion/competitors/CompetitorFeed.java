package io.concord.promotion.competitors;

import java.time.Instant;
import java.util.List;

import io.concord.platform.events.EventHandler;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The partner topic {@code concord.partner.competitor-prices.v1}: one observation per
 * event, stored like a webhook's (the partner's KafkaUser is its authentication). The
 * dispatcher records each event id with the effect, so a redelivery stores nothing.
 */
@Configuration(proxyBeanMethods = false)
class CompetitorFeed {

	/** The facts read from {@code concord.partner.CompetitorPriceObserved} v1. */
	record CompetitorPriceObserved(String sourceId, String competitorProductId, long priceMinor, String currency,
			boolean inStock, Instant observedAt) {
	}

	@Bean
	EventHandler<CompetitorPriceObserved> competitorPriceObserved(Competitors competitors) {
		return EventHandler.of("concord.partner.CompetitorPriceObserved", CompetitorPriceObserved.class,
				"competitor-price-observed",
				(event) -> competitors.receive(event.data().sourceId(),
						List.of(new Competitors.Observation(event.data().competitorProductId(),
								event.data().priceMinor(), event.data().currency(), event.data().inStock(),
								event.data().observedAt())),
						Competitors.Channel.KAFKA));
	}

}
