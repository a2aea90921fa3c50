package io.concord.fulfillment.connectors;

import io.concord.fulfillment.ordering.StockReserved;
import io.concord.platform.web.TestRun;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Lowers what the platforms may sell the moment an order's units are reserved, in
 * process, instead of after inventory's {@code StockChanged} has crossed Kafka: at a peak
 * that trip took tens of seconds on the two-core stack, and a platform sells on its stale
 * view meanwhile (the cross-channel system test oversold 59 units with an 8-unit buffer).
 * Inventory's events and re-syncs still confirm the value and raise it.
 */
@Component
class ConnectorStockHolds {

	private static final Logger log = LoggerFactory.getLogger(ConnectorStockHolds.class);

	private final ConnectorPushes pushes;

	ConnectorStockHolds(ConnectorPushes pushes) {
		this.pushes = pushes;
	}

	@EventListener
	void on(StockReserved reserved) {
		if (TestRun.active()) {
			return; // shadow traffic's SKUs are never on a real platform (ADR-25)
		}
		try {
			reserved.quantities().forEach((sku, quantity) -> this.pushes.lowered(sku, quantity, reserved.at()));
		}
		catch (RuntimeException ex) {
			// The placement goes on: inventory's StockChanged lowers the platforms later.
			log.warn("Order {}: connectors' stock not lowered at once", reserved.orderId(), ex);
		}
	}

}
