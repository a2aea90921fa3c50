package io.concord.inventory.stock;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.concord.platform.events.EventHandler;
import io.concord.platform.events.InboundEvent;
import io.concord.platform.events.UnprocessableEventException;
import io.concord.platform.web.ProblemException;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code concord.fulfillment.GoodsReceived} v1: accepted units of a supplier
 * delivery (or of a return that passed inspection) enter on-hand at the receiving
 * location as RECEIPT movements. Booked once per receipt, SKU and location, whatever the
 * redelivery.
 */
@Component
class GoodsReceipts implements EventHandler<GoodsReceipts.GoodsReceived> {

	record ReceivedLine(String sku, int quantity) {
	}

	record GoodsReceived(String receiptId, @Nullable String purchaseOrderId, @Nullable String supplierId,
			String location, List<ReceivedLine> lines, @Nullable String source, Instant receivedAt) {
	}

	private final StockLedger ledger;

	private final JdbcTemplate jdbc;

	GoodsReceipts(StockLedger ledger, JdbcTemplate jdbc) {
		this.ledger = ledger;
		this.jdbc = jdbc;
	}

	@Override
	public String eventType() {
		return "concord.fulfillment.GoodsReceived";
	}

	@Override
	public Class<GoodsReceived> dataType() {
		return GoodsReceived.class;
	}

	@Override
	public String name() {
		return "inventory-goods-received";
	}

	@Override
	public void handle(InboundEvent<GoodsReceived> event) {
		GoodsReceived receipt = event.data();
		Map<String, Integer> units = new TreeMap<>();
		for (ReceivedLine line : receipt.lines()) {
			if (line.quantity() < 0) {
				throw new UnprocessableEventException("Receipt " + receipt.receiptId() + " has a negative quantity");
			}
			units.merge(line.sku(), line.quantity(), Integer::sum);
		}
		String reference = "receipt:" + receipt.receiptId();
		units.forEach((sku, quantity) -> {
			Integer booked = this.jdbc.queryForObject("""
					select count(*) from stock_movement where kind = 'RECEIPT' and reference = ? and sku = ?
					  and location_code = ?""", Integer.class, reference, sku, receipt.location());
			if (quantity > 0 && booked == 0) {
				try {
					this.ledger.adjust(sku, receipt.location(), quantity, StockLedger.MovementKind.RECEIPT,
							(receipt.source() != null) ? receipt.source() : "PURCHASE_ORDER", reference,
							"supplier:" + ((receipt.supplierId() != null) ? receipt.supplierId() : "unknown"));
				}
				catch (ProblemException.NotFound ex) {
					throw new UnprocessableEventException("Receipt " + receipt.receiptId() + " names an unknown SKU "
							+ sku + " or location " + receipt.location());
				}
			}
		});
	}

}
