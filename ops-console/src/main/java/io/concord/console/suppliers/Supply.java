package io.concord.console.suppliers;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * Suppliers, scorecards and purchase orders as fulfillment-service's admin API answers
 * them ({@code /admin/fulfillment/suppliers…}, {@code /purchase-orders…}): only what the
 * screens show.
 */
public final class Supply {

	/** Every purchase order status the API names (each has a label). */
	static final List<String> STATUSES = List.of("DRAFT", "APPROVED", "CONFIRMED", "SHIPPED", "RECEIVED", "SETTLED",
			"CANCELLED");

	private Supply() {
	}

	public record Supplier(String supplierId, String name, @Nullable String grade, @Nullable BigDecimal score,
			List<Contract> contracts) {
	}

	public record Contract(String sku, long unitPriceMinor, String currency, int leadTimeDays,
			BigDecimal latePenaltyPercentPerDay, BigDecimal maxLatePenaltyPercent, BigDecimal shortPenaltyPercent,
			BigDecimal defectPenaltyPercent, int minOrderQuantity, int orderMultiple) {
	}

	public record Scorecard(String supplierId, long purchaseOrders, long received, @Nullable Double onTimeDeliveryRate,
			@Nullable Double fillRate, @Nullable Double qualityPassRate, @Nullable Double leadTimeMeanDays,
			@Nullable Double leadTimeStdDevDays, @Nullable Double confirmationLatencyHours,
			@Nullable Double emergencyResponseHours, @Nullable Double asnAccuracy, @Nullable Double priceCompliance,
			@Nullable BigDecimal score, @Nullable String grade) {
	}

	public record Line(String sku, int quantity, long unitPriceMinor, @Nullable Integer confirmedQuantity,
			@Nullable Long confirmedPriceMinor, @Nullable Integer asnQuantity, @Nullable Integer receivedQuantity,
			@Nullable Integer acceptedQuantity, @Nullable Integer rejectedQuantity, @Nullable String rejectReason) {

		public long valueMinor() {
			return Math.multiplyExact(this.quantity, this.unitPriceMinor);
		}

	}

	public record Settlement(long acceptedValueMinor, long latePenaltyMinor, long shortPenaltyMinor,
			long defectPenaltyMinor, long payableMinor, int daysLate, Instant settledAt) {
	}

	public record PurchaseOrder(String purchaseOrderId, String supplierId, String location, String status,
			String currency, Instant needBy, boolean emergency, String origin, @Nullable Instant approvedAt,
			@Nullable Instant confirmedAt, @Nullable Instant receivedAt, List<Line> lines,
			@Nullable Settlement settlement) {

		private static final Set<String> CANCELLABLE = Set.of("DRAFT", "APPROVED", "CONFIRMED");

		private static final Set<String> RECEIVABLE = Set.of("CONFIRMED", "SHIPPED");

		/** What was ordered, at the order's prices, exact in minor units. */
		public long valueMinor() {
			long total = 0;
			for (Line line : this.lines) {
				total = Math.addExact(total, line.valueMinor());
			}
			return total;
		}

		public int units() {
			return this.lines.stream().mapToInt(Line::quantity).sum();
		}

		// The API's lifecycle, only to offer the actions it would allow; it still
		// decides.
		public boolean approvable() {
			return "DRAFT".equals(this.status);
		}

		public boolean cancellable() {
			return CANCELLABLE.contains(this.status);
		}

		public boolean receivable() {
			return RECEIVABLE.contains(this.status);
		}

	}

}
