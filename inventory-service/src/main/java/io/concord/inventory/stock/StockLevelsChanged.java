package io.concord.inventory.stock;

import java.util.Set;

/**
 * In-process, within the changing transaction: these SKUs' stock changed, so availability
 * should be announced.
 */
public record StockLevelsChanged(Set<String> skus) {
}
