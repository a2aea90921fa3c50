/**
 * Pre-sale allocation plans (inventory-service): list a campaign's plans, show one,
 * approve or reject it (ops-manager; the API decides, the console shows its answer).
 */
@NullMarked
package io.concord.console.allocation;

import org.jspecify.annotations.NullMarked;
