package io.concord.fulfillment.connectors;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.concord.fulfillment.catalog.ChannelPrices;
import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The full re-sync: every {@code resyncEvery} (and on demand) each mapped SKU's ATP for
 * the connector's channel is read from inventory-service and queued for the platform
 * again, which corrects a quantity changed on the platform's side and confirms raises
 * ({@link StockPushRule}). SKUs mapped since the last one are read within seconds. When
 * inventory cannot be read nothing is queued: raises wait, lowers from events still go.
 */
@Component
class StockResync {

	private static final Logger log = LoggerFactory.getLogger(StockResync.class);

	/** What a re-sync did. */
	record Outcome(String connectorId, int skus, @Nullable String error, Instant at) {
	}

	private final Connectors connectors;

	private final ConnectorPushes pushes;

	private final Partners partners;

	private final Products products;

	private final ChannelPrices prices;

	private final TransactionTemplate transactions;

	private final Clock clock;

	StockResync(Connectors connectors, ConnectorPushes pushes, Partners partners, Products products,
			ChannelPrices prices, PlatformTransactionManager transactions, Clock clock) {
		this.connectors = connectors;
		this.pushes = pushes;
		this.partners = partners;
		this.products = products;
		this.prices = prices;
		this.transactions = new TransactionTemplate(transactions);
		this.clock = clock;
	}

	void resyncDue() {
		for (Connector connector : this.connectors.enabled()) {
			try {
				this.transactions.executeWithoutResult((tx) -> {
					ConnectorPushes.SyncState state = this.pushes.lock(connector.connectorId()).orElse(null);
					if (state == null) {
						return;
					}
					Instant now = this.clock.instant();
					if (state.lastResyncAt() == null
							|| !state.lastResyncAt().plus(connector.resyncEvery()).isAfter(now)) {
						resync(connector);
					}
					else {
						List<String> unsynced = this.pushes.unsynced(connector.connectorId());
						if (!unsynced.isEmpty()) {
							read(connector, unsynced);
						}
					}
				});
			}
			catch (RuntimeException ex) {
				log.warn("Connector {}: re-sync failed", connector.connectorId(), ex);
			}
		}
	}

	/** Re-syncs the connector now (ops asked). */
	Outcome resyncNow(String connectorId) {
		Connector connector = this.connectors.get(connectorId);
		Outcome outcome = this.transactions.execute((tx) -> {
			this.pushes.lock(connectorId);
			return resync(connector);
		});
		return outcome;
	}

	private Outcome resync(Connector connector) {
		List<String> skus = this.connectors.mapping(connector.connectorId())
			.stream()
			.map(Connectors.SkuMapping::sku)
			.toList();
		Instant at = this.clock.instant();
		String error = read(connector, skus);
		this.pushes.resynced(connector.connectorId(), at, skus.size(), error);
		return new Outcome(connector.connectorId(), skus.size(), error, at);
	}

	/**
	 * Queues each SKU's current price on the connector's channel (its own, else ALL, in
	 * the product's currency): a price set before the SKU was mapped reached no platform
	 * when it changed. Unchanged prices already pushed are not sent again.
	 */
	private void queuePrices(Connector connector, List<String> skus) {
		Instant now = this.clock.instant();
		this.products.findAll(skus)
			.values()
			.forEach(
					(product) -> this.prices.sellingPrice(product.sku(), connector.channel(), product.currency())
						.ifPresent((price) -> this.pushes.priceChanged(connector, price.sku(), price.channel(),
								price.currency(), price.sellingPriceMinor(), price.listPriceMinor(),
								price.effectiveFrom(), now)));
	}

	/**
	 * Reads the SKUs' ATP and queues them; the error when inventory could not be read.
	 */
	private @Nullable String read(Connector connector, List<String> skus) {
		queuePrices(connector, skus);
		try {
			for (int from = 0; from < skus.size(); from += ConnectorPusher.BATCH) {
				List<String> batch = skus.subList(from, Math.min(skus.size(), from + ConnectorPusher.BATCH));
				Instant readAt = this.clock.instant();
				Map<String, Integer> available = this.partners.availability(connector.channel(), batch);
				for (String sku : batch) {
					this.pushes.stockRead(connector, sku, available.getOrDefault(sku, 0), readAt);
				}
			}
			return null;
		}
		catch (RuntimeException ex) {
			// Raise nothing: the rows keep their last confirmation and age out of it.
			log.warn("Connector {}: inventory could not be read for the re-sync: {}", connector.connectorId(),
					ex.getMessage());
			return ex.getClass().getSimpleName() + ": " + ex.getMessage();
		}
	}

}
