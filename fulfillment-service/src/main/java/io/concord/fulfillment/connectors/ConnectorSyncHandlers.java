package io.concord.fulfillment.connectors;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import io.concord.fulfillment.catalog.ChannelPrices;
import io.concord.platform.events.EventHandler;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What the connectors' platforms should be told, from inventory's {@code StockChanged}
 * (ATP per channel: each mapped SKU of the connector selling on a channel of the event)
 * and promotion-service's {@code PriceChanged} (the connector's channel's price, or the
 * {@code ALL} price while its channel has none). Once per event id (the inbox); a stale
 * StockChanged (aggregate version or changedAt not above the held one) changes nothing. A
 * load-test run's events never reach a real platform (ADR-25): they are only logged.
 */
@Configuration(proxyBeanMethods = false)
class ConnectorSyncHandlers {

	private static final Logger log = LoggerFactory.getLogger(ConnectorSyncHandlers.class);

	/** The facts read from {@code concord.inventory.StockChanged} v1. */
	record StockChanged(String sku, Map<String, Integer> availableByChannel, Instant changedAt) {
	}

	/** The facts read from {@code concord.promotion.PriceChanged} v1. */
	record PriceChanged(UUID changeId, String sku, String channel, String currency, long listPriceMinor,
			long sellingPriceMinor, Instant effectiveFrom, @Nullable Instant effectiveTo) {
	}

	@Bean
	EventHandler<StockChanged> pushConnectorStock(Connectors connectors, ConnectorPushes pushes, Clock clock) {
		return EventHandler.of("concord.inventory.StockChanged", StockChanged.class, "push-connector-stock",
				(event) -> {
					StockChanged change = event.data();
					if (TestRun.active()) {
						log.info("Load-test run {}: stock change of {} not pushed to connectors", TestRun.current(),
								change.sku());
						return;
					}
					for (Connector connector : connectors.all()) {
						Integer available = change.availableByChannel().get(connector.channel());
						if (available != null
								&& connectors.platformSkuOf(connector.connectorId(), change.sku()).isPresent()) {
							pushes.stockChanged(connector, change.sku(), available, change.changedAt(),
									event.aggregateVersion(), clock.instant());
						}
					}
				});
	}

	@Bean
	EventHandler<PriceChanged> pushConnectorPrices(Connectors connectors, ConnectorPushes pushes, ChannelPrices prices,
			Clock clock) {
		return EventHandler.of("concord.promotion.PriceChanged", PriceChanged.class, "push-connector-prices",
				(event) -> {
					PriceChanged change = event.data();
					if (TestRun.active()) {
						log.info("Load-test run {}: price change {} of {} not pushed to connectors", TestRun.current(),
								change.changeId(), change.sku());
						return;
					}
					for (Connector connector : connectors.all()) {
						boolean own = connector.channel().equals(change.channel());
						// ALL is what a channel without its own price sells at.
						boolean fallback = ChannelPrices.ALL.equals(change.channel())
								&& prices.current(change.sku(), connector.channel(), change.currency()).isEmpty();
						if ((own || fallback)
								&& connectors.platformSkuOf(connector.connectorId(), change.sku()).isPresent()) {
							pushes.priceChanged(connector, change.sku(), change.channel(), change.currency(),
									change.sellingPriceMinor(), change.listPriceMinor(), change.effectiveFrom(),
									clock.instant());
						}
					}
				});
	}

}
