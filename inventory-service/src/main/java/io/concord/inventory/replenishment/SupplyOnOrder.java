package io.concord.inventory.replenishment;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.concord.platform.events.EventHandler;
import org.jspecify.annotations.Nullable;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Supply on its way from suppliers: a purchase order sent (fulfillment-service's
 * {@code PurchaseOrderSent} on the supplier topic) adds its units to the location's
 * incoming supply and closes the open suggestion for them; goods received against it
 * ({@code GoodsReceived}) take them off. Dropship orders go to the shopper, not to stock,
 * and are ignored.
 */
@Configuration(proxyBeanMethods = false)
class SupplyOnOrder {

	record OrderedLine(String sku, int quantity) {
	}

	record PurchaseOrderSent(String purchaseOrderId, String supplierId, String location, List<OrderedLine> lines,
			Instant needBy, @Nullable String customerOrderId, Instant sentAt) {
	}

	record ReceivedLine(String sku, int quantity) {
	}

	record GoodsReceived(String receiptId, @Nullable String purchaseOrderId, String location,
			List<ReceivedLine> lines) {
	}

	@Bean
	EventHandler<PurchaseOrderSent> supplyOrdered(JdbcTemplate jdbcTemplate, Clock clock) {
		JdbcClient jdbc = JdbcClient.create(jdbcTemplate);
		return EventHandler.of("concord.fulfillment.PurchaseOrderSent", PurchaseOrderSent.class,
				"inventory-supply-ordered", (event) -> {
					PurchaseOrderSent order = event.data();
					if (order.customerOrderId() != null) {
						return;
					}
					for (OrderedLine line : order.lines()) {
						jdbc.sql("""
								insert into incoming_supply (purchase_order_id, sku, location_code, ordered, need_by)
								values (?, ?, ?, ?, ?) on conflict do nothing""")
							.params(order.purchaseOrderId(), line.sku(), order.location(), line.quantity(),
									Timestamp.from(order.needBy()))
							.update();
						jdbc.sql("""
								update replenishment_suggestion set status = 'ORDERED', closed_at = ?
								where sku = ? and location_code = ? and status = 'OPEN'""")
							.params(Timestamp.from(clock.instant()), line.sku(), order.location())
							.update();
					}
				});
	}

	@Bean
	EventHandler<GoodsReceived> supplyReceived(JdbcTemplate jdbcTemplate) {
		JdbcClient jdbc = JdbcClient.create(jdbcTemplate);
		return EventHandler.of("concord.fulfillment.GoodsReceived", GoodsReceived.class, "inventory-supply-received",
				(event) -> {
					GoodsReceived receipt = event.data();
					if (receipt.purchaseOrderId() == null) {
						return;
					}
					for (ReceivedLine line : receipt.lines()) {
						jdbc.sql("""
								update incoming_supply set received = received + ?
								where purchase_order_id = ? and sku = ? and location_code = ?""")
							.params(line.quantity(), receipt.purchaseOrderId(), line.sku(), receipt.location())
							.update();
					}
				});
	}

}
