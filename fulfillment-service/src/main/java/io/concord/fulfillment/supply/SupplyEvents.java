package io.concord.fulfillment.supply;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import io.concord.platform.events.EventMetadata;
import io.concord.platform.events.IntegrationEvent;
import io.concord.platform.events.PublishedEvent;
import org.jspecify.annotations.Nullable;

/**
 * Purchase orders for suppliers (their own topic), supplier grades and contract changes.
 */
final class SupplyEvents {

	static final String SUPPLIER_TOPIC = "concord.fulfillment.supplier-orders.v1";

	private SupplyEvents() {
	}

	record Line(String sku, int quantity, long unitPriceMinor) {
	}

	/**
	 * An approved purchase order, for its supplier to confirm. A dropship order names the
	 * shopper's order, where to ship (what the label needs, nothing else about the
	 * shopper) and the carrier label to ship with. Keyed by purchase order id.
	 */
	@PublishedEvent(topic = SUPPLIER_TOPIC, type = "concord.fulfillment.PurchaseOrderSent")
	record PurchaseOrderSent(EventMetadata metadata, String purchaseOrderId, String supplierId, String location,
			String currency, List<Line> lines, Instant needBy, boolean emergency, Instant sentAt,
			@Nullable String customerOrderId, Dropship.@Nullable ShipTo shipTo,
			@Nullable String trackingNumber) implements IntegrationEvent {
	}

	/**
	 * What the supplier is paid for a receipt, penalties included. Keyed by purchase
	 * order id.
	 */
	@PublishedEvent(topic = SUPPLIER_TOPIC, type = "concord.fulfillment.PurchaseOrderSettled")
	record PurchaseOrderSettled(EventMetadata metadata, String purchaseOrderId, String supplierId, String currency,
			long acceptedValueMinor, long latePenaltyMinor, long shortPenaltyMinor, long defectPenaltyMinor,
			long payableMinor, Instant settledAt) implements IntegrationEvent {
	}

	/** A supplier's scorecard grade changed. Keyed by supplier id. */
	@PublishedEvent(topic = "concord.fulfillment.events.v1", type = "concord.fulfillment.SupplierGraded")
	record SupplierGraded(EventMetadata metadata, String supplierId, String grade, BigDecimal score,
			@Nullable String previousGrade, Instant gradedAt) implements IntegrationEvent {
	}

	/**
	 * A supplier's contract for a SKU was added, changed (price, lead time, order
	 * quantities) or removed ({@code active} false, with its last terms), so inventory
	 * plans replenishment with the supplier's real lead time and minimum order. Keyed by
	 * SKU; versioned by the change's time.
	 */
	@PublishedEvent(topic = "concord.fulfillment.events.v1", type = "concord.fulfillment.SupplierContractChanged")
	record SupplierContractChanged(EventMetadata metadata, String supplierId, String sku, int leadTimeDays,
			int minOrderQuantity, int orderMultiple, long unitPriceMinor, String currency, boolean active,
			Instant changedAt) implements IntegrationEvent {
	}

}
