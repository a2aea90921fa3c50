/**
 * Notifications: telling a member what concerns them (a win-back coupon waiting, a coupon
 * or points about to expire, an unpaid order about to lapse, an order shipped or
 * delivered) on the channel they use, within their consent per channel and purpose, quiet
 * hours and a daily cap. Driven by events; each notification once per source. Sending
 * goes through one port with an adapter per channel ({@link NotificationSender}). Nothing
 * in it is used by another package.
 */
@ApplicationModule(allowedDependencies = { "identity :: api", "identity :: events", "lifecycle", "orders", "points" })
@NullMarked
package io.concord.member.notifications;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
