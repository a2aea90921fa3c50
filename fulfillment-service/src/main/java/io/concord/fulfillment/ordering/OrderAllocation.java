package io.concord.fulfillment.ordering;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.concord.fulfillment.catalog.Products;
import io.concord.fulfillment.partners.Partners;
import io.concord.fulfillment.shipping.Shipments;
import io.concord.fulfillment.shipping.Source;
import io.concord.fulfillment.supply.Dropship;
import io.concord.fulfillment.supply.PurchaseOrders;
import io.concord.fulfillment.supply.Suppliers;
import io.concord.platform.web.ProblemException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A paid order split into parcels: which units ship from where (the locations inventory
 * reserved them at, or a drop-ship supplier), and the purchase orders drop-ship parcels
 * need.
 */
@Component
class OrderAllocation {

	private static final Logger log = LoggerFactory.getLogger(OrderAllocation.class);

	private final Orders orders;

	private final Products products;

	private final Shipments shipments;

	private final Suppliers suppliers;

	private final Dropship dropship;

	private final OrderSla sla;

	private final OrderSla.Policy promise;

	private final ShippingAddresses addresses;

	private final Clock clock;

	OrderAllocation(Orders orders, Products products, Shipments shipments, Suppliers suppliers, Dropship dropship,
			OrderSla sla, OrderSla.Policy promise, ShippingAddresses addresses, Clock clock) {
		this.orders = orders;
		this.products = products;
		this.shipments = shipments;
		this.suppliers = suppliers;
		this.dropship = dropship;
		this.sla = sla;
		this.promise = promise;
		this.addresses = addresses;
		this.clock = clock;
	}

	/**
	 * The paid order's parcels are planned from where its stock was reserved (dropship
	 * lines from their supplier), each with the cheapest carrier that keeps the delivery
	 * promise; if none can, the order is flagged at risk. A load-test run's order books
	 * no carrier and sends its suppliers no purchase order (ADR-25): its parcels are
	 * planned without carrier, and its dropship lines are only logged.
	 */
	@Transactional
	Orders.Order allocate(String orderId) {
		Orders.Order order = this.orders.lock(orderId);
		if (order.status() == OrderStatus.ALLOCATED) {
			return order;
		}
		this.orders.transition(order, OrderStatus.Action.ALLOCATE, null);
		Instant deliverBy = (order.promisedDeliveryBy() != null) ? order.promisedDeliveryBy()
				: this.promise.deliveryBy(order.channel(), this.clock.instant());
		List<Shipments.ItemToShip> items = itemsToShip(order);
		boolean real = order.testRun() == null;
		if (!this.shipments.plan(orderId, order.region(), deliverBy, items, real)) {
			this.sla.flag(orderId, "NO_CARRIER_MEETS_PROMISE");
		}
		// Dropship parcels: their suppliers get purchase orders with the parcel's label.
		for (Shipments.Shipment parcel : this.shipments.ofOrder(orderId)) {
			if (parcel.dropship() && !real) {
				log.info("Load-test run {}: no purchase order to {} for order {}", order.testRun(), parcel.source(),
						orderId);
			}
			else if (parcel.from() instanceof Source.Supplier supplier) {
				try {
					this.dropship.dropship(orderId, supplier.supplierId(), this.addresses.shipTo(order),
							parcel.trackingNumber(),
							(order.promisedDispatchBy() != null) ? order.promisedDispatchBy() : deliverBy,
							parcel.lines()
								.stream()
								.map((l) -> new PurchaseOrders.Ordered(l.sku(), l.quantity()))
								.toList());
				}
				catch (ProblemException.NotFound ex) {
					this.sla.flag(orderId, "DROPSHIP_SUPPLIER_UNKNOWN: " + parcel.source());
				}
			}
		}
		return this.orders.get(orderId);
	}

	private List<Shipments.ItemToShip> itemsToShip(Orders.Order order) {
		Map<String, Products.Product> catalogue = this.products
			.findAll(order.lines().stream().map(Orders.Line::sku).toList());
		List<Shipments.ItemToShip> items = new ArrayList<>();
		for (Orders.Line line : order.lines()) {
			Products.Product product = catalogue.get(line.sku());
			if (product != null && product.dropship()) {
				// When several suppliers can ship it, the best-graded one does.
				String supplier = this.suppliers.preferredFor(line.sku()).orElse(product.supplierId());
				items.add(new Shipments.ItemToShip(line.sku(), line.quantity(), Source.supplier(supplier)));
				continue;
			}
			int left = line.quantity();
			for (Partners.Allocation allocation : order.allocations()) {
				if (allocation.sku().equals(line.sku()) && left > 0) {
					int quantity = Math.min(left, allocation.quantity());
					items.add(new Shipments.ItemToShip(line.sku(), quantity, Source.location(allocation.location())));
					left -= quantity;
				}
			}
			if (left > 0) {
				items.add(new Shipments.ItemToShip(line.sku(), left, Source.UNALLOCATED));
			}
		}
		return items;
	}

}
