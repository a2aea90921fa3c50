package io.concord.console.stock;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * inventory-service's admin answers as the stock screens show them: only the fields read
 * here, so a field the API adds changes nothing. Public for the templates only.
 */
public final class StockViews {

	private StockViews() {
	}

	/** How a location (or the SKU as a whole) stands: the row's colour and its label. */
	public enum State {

		/** Nothing left to promise. */
		OUT,
		/** Fewer units to promise than the SKU's reorder point. */
		LOW,
		/** Enough. */
		OK;

		/**
		 * The rule inventory's {@code LowStock} and {@code OutOfStock} apply to the SKU,
		 * applied to what is available (on hand less reserved and safety stock).
		 */
		static State of(long available, int reorderPoint) {
			if (available <= 0) {
				return OUT;
			}
			return (available < reorderPoint) ? LOW : OK;
		}

	}

	/** {@code GET /admin/inventory/skus/{sku}} and {@code /skus?q=}. */
	public record Sku(String sku, String name, @Nullable String category, @Nullable String brand, int reorderPoint) {
	}

	/** {@code GET /admin/inventory/stock/{sku}}: one location. */
	public record Level(String sku, String location, int onHand, int reserved, int safetyStock, int inTransit,
			int available) {

		public State state(int reorderPoint) {
			return State.of(this.available, reorderPoint);
		}

	}

	/**
	 * The SKU over all its locations, with the units its active ring-fences still hold
	 * for their channels (fences are per SKU, not per location).
	 */
	public record Totals(long onHand, long reserved, long safetyStock, long inTransit, long available, long fenced,
			State state) {

		static Totals of(List<Level> levels, List<Fence> fences, int reorderPoint) {
			long onHand = 0;
			long reserved = 0;
			long safety = 0;
			long inTransit = 0;
			long available = 0;
			for (Level level : levels) {
				onHand += level.onHand();
				reserved += level.reserved();
				safety += level.safetyStock();
				inTransit += level.inTransit();
				available += level.available();
			}
			long fenced = fences.stream().filter(Fence::active).mapToLong(Fence::remaining).sum();
			return new Totals(onHand, reserved, safety, inTransit, available, fenced,
					State.of(available, reorderPoint));
		}

	}

	/**
	 * {@code GET /admin/inventory/ring-fences?sku=}: the SKU's fences, released ones too.
	 */
	public record Fence(long id, String sku, String channel, int quantity, int consumed, int remaining,
			@Nullable BigDecimal sharePercent, @Nullable String campaignId, @Nullable Instant startsAt,
			@Nullable Instant releaseAt, @Nullable Instant releasedAt, String status) {

		static final List<String> STATES = List.of("SCHEDULED", "ACTIVE", "RELEASED");

		public boolean active() {
			return "ACTIVE".equals(this.status);
		}

		public boolean releasable() {
			return !"RELEASED".equals(this.status);
		}

	}

	/** {@code GET /admin/inventory/transfers?sku=}: transfers in transit. */
	public record Transfer(long id, String sku, String fromLocation, String toLocation, int quantity,
			@Nullable Integer received, String status, @Nullable String reference, Instant shippedAt,
			@Nullable Instant receivedAt) {

		static final List<String> STATES = List.of("IN_TRANSIT", "RECEIVED");

		public boolean inTransit() {
			return "IN_TRANSIT".equals(this.status);
		}

	}

	/** {@code GET /admin/inventory/stock/{sku}/{location}/movements}: newest first. */
	public record Movement(long id, int quantity, String kind, @Nullable String reason, @Nullable String reference,
			String actor, Instant at) {

		/**
		 * Every kind the ledger records (inventory's {@code StockLedger.MovementKind}).
		 */
		static final List<String> KINDS = List.of("ADJUSTMENT", "RECEIPT", "SALE", "SALE_REVERSED", "TRANSFER_OUT",
				"TRANSFER_IN", "CYCLE_COUNT");

	}

	/** {@code GET /admin/inventory/reconcile}: on hand that differs from its ledger. */
	public record Mismatch(String sku, String location, int onHand, long ledgerSum) {

		public long difference() {
			return this.onHand - this.ledgerSum;
		}

	}

}
