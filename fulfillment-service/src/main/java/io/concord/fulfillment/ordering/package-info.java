/**
 * Orders: placement (a saga over inventory, promotion and member points, persisted step
 * by step: {@link io.concord.fulfillment.ordering.PlacementStep}), payment callbacks, the
 * lifecycle to delivery ({@link io.concord.fulfillment.ordering.OrderStatus}), allocation
 * into parcels, cancellation and unpaid expiry (the deadline:
 * {@link io.concord.fulfillment.ordering.OrderPolicy}), the delivery promise and its SLA
 * ({@link io.concord.fulfillment.ordering.OrderSla}), returns refunded at what was paid,
 * KPIs, and the order events. Owns the order tables (customer_order, order_line,
 * order_transition, placement_step, payment, order_return, sla_breach, member_erasure).
 * Its face is HTTP and the order events; the one API it offers inside the service is
 * {@link io.concord.fulfillment.ordering.ChannelOrders} (named interface
 * {@code channel-orders}), through which connectors place, cancel and return the orders
 * external platforms sold.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "cart", "catalog", "partners", "encryption", "shipping",
		"shipping :: events", "supply" })
package io.concord.fulfillment.ordering;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
