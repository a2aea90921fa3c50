/**
 * Orders: placement (a saga over inventory, promotion and member points, persisted step
 * by step: {@link io.concord.fulfillment.ordering.PlacementStep}), payment callbacks, the
 * lifecycle to delivery ({@link io.concord.fulfillment.ordering.OrderStatus}), allocation
 * into parcels, cancellation and unpaid expiry (the deadline:
 * {@link io.concord.fulfillment.ordering.OrderPolicy}), the delivery promise and its SLA
 * ({@link io.concord.fulfillment.ordering.OrderSla}), returns refunded at what was paid,
 * KPIs, and the order events. Owns the order tables (customer_order, order_line,
 * order_transition, payment, order_return, sla_breach, member_erasure). Nothing in the
 * service depends on it: its face is HTTP and the order events.
 */
@NullMarked
@ApplicationModule(allowedDependencies = { "cart", "catalog", "partners", "encryption", "shipping",
		"shipping :: events", "supply" })
package io.concord.fulfillment.ordering;

import org.jspecify.annotations.NullMarked;

import org.springframework.modulith.ApplicationModule;
