/**
 * Campaigns and their promotions: definitions with validation, the campaign lifecycle
 * (draft, scheduled, active, paused, ended) on its window, budgets, statistics, and the
 * campaign events inventory-service follows for ring-fences.
 */
@NullMarked
package io.concord.promotion.campaign;

import org.jspecify.annotations.NullMarked;
