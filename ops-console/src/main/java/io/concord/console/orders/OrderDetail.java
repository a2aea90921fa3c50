package io.concord.console.orders;

import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An order as fulfillment-service's admin API answers it
 * ({@code /admin/fulfillment/orders/{orderId}}), with its parcels ({@code …/shipments}):
 * only what the screens show.
 */
public record OrderDetail(Order order, String sagaStep, @Nullable Rejection rejection, List<Transition> history,
		List<Step> placement, List<Payment> payments, List<Return> returns, @Nullable Promise promise,
		List<Shipment> shipments) {

	/**
	 * Steps of the placement saga's history (and calls between them); each has a label.
	 */
	public static final List<String> STEPS = List.of("NEW", "STOCK_RESERVED", "PROMOTIONS_LOCKED", "POINTS_REDEEMED",
			"DONE", "COMPENSATED");

	/** Outcomes of a placement step; each has a label. */
	public static final List<String> OUTCOMES = List.of("COMPLETED", "REFUSED", "UNAVAILABLE", "RESUMED");

	/** Actions that move an order (its state history); each has a label. */
	public static final List<String> ACTIONS = List.of("PLACE", "PAY", "ALLOCATE", "SHIP", "DELIVER", "CANCEL",
			"EXPIRE", "REQUEST_RETURN", "COMPLETE_RETURN", "COMPLETE_PARTIAL_RETURN", "REJECT_RETURN");

	/** What a payment callback did; each has a label. */
	public static final List<String> PAYMENT_OUTCOMES = List.of("APPLIED", "FAILED", "AMOUNT_MISMATCH", "REFUND_DUE");

	/** A return's states; each has a label. */
	public static final List<String> RETURN_STATES = List.of("REQUESTED", "RETURNED", "REJECTED");

	/** A parcel's tracking states; each has a label. */
	public static final List<String> SHIPMENT_STATES = List.of("CREATED", "PICKED_UP", "IN_TRANSIT", "DELIVERED");

	/** Which promise a breach missed; each has a label. */
	public static final List<String> BREACH_KINDS = List.of("DISPATCH", "DELIVERY");

	/** Where the delivery promise stands ({@link #promiseState}); each has a label. */
	public static final List<String> PROMISE_STATES = List.of("none", "onTrack", "atRisk", "breached", "kept");

	/** The causes ops may give a cancellation (the API takes any short code). */
	public static final List<String> CANCEL_CAUSES = List.of("OPERATIONS", "FRAUD", "OUT_OF_STOCK", "SUPPLIER_SHORT",
			"CUSTOMER");

	public record Order(String orderId, String memberId, String channel, String status, @Nullable String cancelCause,
			String currency, long subtotalMinor, long discountMinor, long shippingFeeMinor, long shippingDiscountMinor,
			long payableMinor, long refundedMinor, long pointsRedeemed, long pointsValueMinor, long pointsRestored,
			List<Line> lines, @Nullable Instant paymentDueAt, @Nullable Instant paidAt, @Nullable Instant shippedAt,
			@Nullable Instant deliveredAt, @Nullable Instant cancelledAt, Instant createdAt) {
	}

	public record Line(int lineNo, String sku, String name, int quantity, long unitPriceMinor, long discountMinor,
			int returnedQuantity) {

		/** What the line costs after its discounts (exact, minor units). */
		public long netMinor() {
			return Math.subtractExact(Math.multiplyExact(this.unitPriceMinor, this.quantity), this.discountMinor);
		}

	}

	public record Rejection(@Nullable String title, @Nullable String detail) {
	}

	public record Transition(String from, String to, String action, @Nullable String cause, Instant at) {
	}

	public record Step(String step, String outcome, @Nullable String detail, Instant at) {
	}

	public record Payment(String provider, String transactionId, long amountMinor, String currency, String outcome,
			Instant receivedAt, @Nullable Instant resolvedAt, @Nullable String resolution) {
	}

	public record Return(String returnId, String status, @Nullable String reason, List<ReturnLine> lines,
			@Nullable Long refundMinor, @Nullable Long pointsRestored) {

		public boolean open() {
			return "REQUESTED".equals(this.status);
		}

	}

	public record ReturnLine(String sku, int quantity) {
	}

	public record Promise(@Nullable Instant dispatchBy, @Nullable Instant deliveryBy, @Nullable Instant atRiskSince,
			List<Breach> breaches) {
	}

	public record Breach(String kind, String cause, Instant promisedBy, @Nullable Instant actualAt) {
	}

	public record Shipment(String shipmentId, String source, @Nullable String carrierCode,
			@Nullable String trackingNumber, String status, @Nullable String exception,
			@Nullable Instant estimatedDeliveryAt) {
	}

	/** Ops may cancel before shipment. */
	public boolean cancellable() {
		return List.of("PENDING_PAYMENT", "PAID", "ALLOCATED").contains(this.order.status());
	}

	public boolean allocatable() {
		return "PAID".equals(this.order.status());
	}

	public boolean shippable() {
		return "ALLOCATED".equals(this.order.status());
	}

	public boolean deliverable() {
		return "SHIPPED".equals(this.order.status());
	}

	/** Whether any manual action fits the order's state (the role is checked apart). */
	public boolean actionable() {
		return cancellable() || allocatable() || shippable() || deliverable()
				|| this.returns.stream().anyMatch(Return::open);
	}

	/**
	 * Where the delivery promise stands at {@code now}: none (not paid, or cancelled
	 * before it mattered), kept (delivered in time), breached (late, or a breach
	 * recorded), at risk (flagged by fulfillment), else on track.
	 */
	public String promiseState(Instant now) {
		Promise promise = this.promise;
		if (promise == null || promise.deliveryBy() == null || "CANCELLED".equals(this.order.status())) {
			return "none";
		}
		Instant delivered = this.order.deliveredAt();
		if (!promise.breaches().isEmpty() || (delivered != null && delivered.isAfter(promise.deliveryBy()))
				|| (delivered == null && now.isAfter(promise.deliveryBy()))) {
			return "breached";
		}
		if (delivered != null) {
			return "kept";
		}
		return (promise.atRiskSince() != null) ? "atRisk" : "onTrack";
	}

}
