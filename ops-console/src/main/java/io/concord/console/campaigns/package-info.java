/**
 * Campaigns, their promotions and coupon drops (promotion-service): list and create
 * campaigns, show one with its promotions and statistics (coupon burn per drop),
 * activate, pause and end it, add a promotion or drop, pause and resume a promotion
 * (ops-manager; the API decides, the console shows its answer).
 */
@NullMarked
package io.concord.console.campaigns;

import org.jspecify.annotations.NullMarked;
