package io.concord.fulfillment.supply;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.concord.fulfillment.encryption.FieldEncryption;
import io.concord.fulfillment.encryption.SealedColumn;
import io.concord.fulfillment.shipping.ShipmentEvents;
import io.concord.fulfillment.shipping.Source;
import io.concord.fulfillment.supply.PurchaseOrders.Ordered;
import io.concord.fulfillment.supply.PurchaseOrders.PurchaseOrder;
import io.concord.platform.events.EventMetadata;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Dropship: a supplier ships a shopper's lines itself. Its purchase order is sent at once
 * with the parcel's label and where to ship (sealed until the shopper's erasure), and is
 * received and settled when the carrier delivers to the shopper.
 */
@Component
public class Dropship {

	/**
	 * Where a dropship parcel goes: what its label needs and nothing else about the
	 * shopper.
	 */
	public record ShipTo(@Nullable String name, @Nullable String phone, @Nullable String region, @Nullable String city,
			@Nullable String line1, @Nullable String postalCode) {

		/** Stands in for erased personal data. */
		public static final String ERASED = "[erased]";

		/**
		 * Without the shopper's name, phone, street and postal code; the region and city
		 * stay for the reports.
		 */
		public ShipTo erased() {
			return new ShipTo(erase(this.name), erase(this.phone), this.region, this.city, erase(this.line1),
					erase(this.postalCode));
		}

		private static @Nullable String erase(@Nullable String value) {
			return (value != null) ? ERASED : null;
		}

	}

	static final SealedColumn SHIP_TO = new SealedColumn("purchase_order", "po_id", "ship_to",
			"purchase-order.ship-to");

	private final JdbcClient jdbc;

	private final PurchaseOrders purchaseOrders;

	private final Suppliers suppliers;

	private final ApplicationEventPublisher events;

	private final FieldEncryption encryption;

	private final JsonMapper json;

	private final Clock clock;

	Dropship(JdbcTemplate jdbc, PurchaseOrders purchaseOrders, Suppliers suppliers, ApplicationEventPublisher events,
			FieldEncryption encryption, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.purchaseOrders = purchaseOrders;
		this.suppliers = suppliers;
		this.events = events;
		this.encryption = encryption;
		this.json = json;
		this.clock = clock;
	}

	@Bean
	static SealedColumn dropshipAddresses() {
		return SHIP_TO;
	}

	/**
	 * A shopper's order has dropship lines: the supplier gets its own purchase order,
	 * sent at once, to ship them to the shopper with the parcel's carrier label. Once per
	 * order and supplier. The address is kept sealed until the shopper's erasure.
	 */
	@Transactional
	public PurchaseOrder dropship(String customerOrderId, String supplierId, ShipTo shipTo,
			@Nullable String trackingNumber, Instant needBy, List<Ordered> lines) {
		PurchaseOrders.refuseTestRun();
		String existing = this.jdbc
			.sql("select po_id from purchase_order where customer_order_id = ? and supplier_id = ?")
			.params(customerOrderId, supplierId)
			.query(String.class)
			.optional()
			.orElse(null);
		if (existing != null) {
			return this.purchaseOrders.find(existing);
		}
		this.suppliers.find(supplierId);
		Instant now = this.clock.instant();
		String currency = "CNY";
		List<Long> prices = new ArrayList<>();
		for (Ordered line : lines) {
			Suppliers.Contract contract = this.suppliers.contract(supplierId, line.sku()).orElse(null);
			// Without a contract the order still goes out (the shopper paid); ops price
			// it.
			prices.add((contract != null) ? contract.unitPriceMinor() : 0L);
			currency = (contract != null) ? contract.currency() : currency;
		}
		String poId = PurchaseOrders.newId();
		// Sent as it is made: the shopper's order does not wait for ops.
		this.jdbc.sql("""
				insert into purchase_order (po_id, supplier_id, location, status, currency, need_by, emergency, origin,
				  customer_order_id, ship_to, tracking_number, created_at, approved_at)
				values (?, ?, 'CUSTOMER', ?, ?, ?, false, 'DROPSHIP', ?, ?, ?, ?, ?)""")
			.params(poId, supplierId, PurchaseOrderStatus.APPROVED.name(), currency, Timestamp.from(needBy),
					customerOrderId,
					this.encryption.seal(this.json.writeValueAsString(shipTo), SHIP_TO.contextOf(poId)), trackingNumber,
					Timestamp.from(now), Timestamp.from(now))
			.update();
		for (int i = 0; i < lines.size(); i++) {
			this.jdbc
				.sql("insert into purchase_order_line (po_id, sku, quantity, unit_price_minor) values (?, ?, ?, ?)")
				.params(poId, lines.get(i).sku(), lines.get(i).quantity(), prices.get(i))
				.update();
		}
		PurchaseOrder order = this.purchaseOrders.find(poId);
		this.events.publishEvent(
				new SupplyEvents.PurchaseOrderSent(EventMetadata.of(poId, this.purchaseOrders.version(poId), now), poId,
						supplierId, order.location(), order.currency(),
						order.lines()
							.stream()
							.map((l) -> new SupplyEvents.Line(l.sku(), l.quantity(), l.unitPriceMinor()))
							.toList(),
						needBy, false, now, customerOrderId, shipTo, trackingNumber));
		return order;
	}

	/**
	 * The shopper was forgotten and their order needs its address no more: the dropship
	 * purchase orders for it keep the region and city only.
	 */
	@Transactional(propagation = Propagation.MANDATORY)
	public void eraseShipTo(String customerOrderId) {
		this.jdbc
			.sql("select po_id, ship_to from purchase_order where customer_order_id = ? and ship_to is not null "
					+ "order by po_id for update")
			.params(customerOrderId)
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list()
			.forEach((row) -> {
				String context = SHIP_TO.contextOf(row[0]);
				ShipTo erased = this.json.readValue(this.encryption.open(row[1], context), ShipTo.class).erased();
				this.jdbc.sql("update purchase_order set ship_to = ? where po_id = ?")
					.params(this.encryption.seal(this.json.writeValueAsString(erased), context), row[0])
					.update();
			});
	}

	/**
	 * The carrier delivered a dropship parcel to the shopper: its purchase order, if
	 * still open, is received in full and settled.
	 */
	@EventListener
	void delivered(ShipmentEvents.ParcelDelivered delivered) {
		if (!(delivered.source() instanceof Source.Supplier supplier)) {
			return;
		}
		this.jdbc.sql("select po_id, status from purchase_order where customer_order_id = ? and supplier_id = ?")
			.params(delivered.orderId(), supplier.supplierId())
			.query((rs, n) -> new Sent(rs.getString(1), PurchaseOrderStatus.valueOf(rs.getString(2))))
			.optional()
			.filter((sent) -> sent.status().after(PurchaseOrderStatus.Action.DELIVER_TO_SHOPPER).isPresent())
			.ifPresent((sent) -> this.purchaseOrders.deliveredToShopper(sent.poId()));
	}

	private record Sent(String poId, PurchaseOrderStatus status) {
	}

}
