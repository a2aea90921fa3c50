/**
 * Stock (inventory-service): find a SKU, its levels per location with low and empty ones
 * standing out, the ledger of a location, ring-fences, transfers in transit, adjustments
 * and cycle counts, and the ledger check. Actions are ops-manager's; the API decides.
 */
@NullMarked
package io.concord.console.stock;

import org.jspecify.annotations.NullMarked;
