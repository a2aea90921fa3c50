/**
 * Prices (promotion-service): a SKU's price per channel with its scheduled changes and
 * history, its SKU groups and their rules, rule violations and overrides, competitor
 * undercut alerts; set a price and cancel a scheduled one (ops-manager; the API decides).
 */
@NullMarked
package io.concord.console.prices;

import org.jspecify.annotations.NullMarked;
