package io.concord.fulfillment.ordering;

import java.time.Instant;
import java.util.Map;

import org.springframework.modulith.NamedInterface;

/**
 * In-process: inventory has just reserved an order's units (placement's first step),
 * published before the saga goes on. Channel connectors lower what their platforms may
 * sell at once from it, without waiting for inventory's {@code StockChanged} to cross
 * Kafka: at peak that trip is where a marketplace oversells.
 *
 * @param quantities units reserved per SKU
 * @param at when fulfillment learned of the reservation (after inventory committed it)
 */
@NamedInterface("channel-orders")
public record StockReserved(String orderId, String channel, Map<String, Integer> quantities, Instant at) {
}
