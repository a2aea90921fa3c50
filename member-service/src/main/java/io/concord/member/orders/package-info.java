/**
 * The member's orders as fulfillment-service reports them: the one consumer of the order
 * lifecycle topic, which records each order's facts once and tells points and tiers (in
 * the same transaction) through {@link io.concord.member.orders.MemberOrderDelivered} and
 * {@link io.concord.member.orders.MemberOrderReturned}. Others read the orders through
 * {@link io.concord.member.orders.MemberOrders}.
 */
@ApplicationModule(allowedDependencies = { "identity :: api", "identity :: events" })
@NullMarked
package io.concord.member.orders;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
