package io.concord.fulfillment.ordering;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;

/** An order as its member and ops see it. */
record OrderView(String orderId, UUID memberId, String channel, String status, @Nullable String cancelCause,
		String currency, long subtotalMinor, long discountMinor, long shippingFeeMinor, long shippingDiscountMinor,
		long payableMinor, long refundedMinor, long pointsRedeemed, long pointsValueMinor, long pointsRestored,
		List<Orders.Line> lines, @Schema(implementation = AppliedPromotion[].class) @Nullable JsonNode promotions,
		@Schema(implementation = OrderController.AddressRequest.class) JsonNode shippingAddress,
		@Nullable Instant paymentDueAt, @Nullable Instant paidAt, @Nullable Instant shippedAt,
		@Nullable Instant deliveredAt, @Nullable Instant cancelledAt, Instant createdAt) {

	static OrderView of(Orders.Order order, JsonNode shippingAddress) {
		return new OrderView(order.orderId(), order.memberId(), order.channel(), order.status().name(),
				order.cancelCause(), order.currency(), order.subtotalMinor(), order.discountMinor(),
				order.shippingFeeMinor(), order.shippingDiscountMinor(), order.payableMinor(), order.refundedMinor(),
				order.points().redeemed(), order.points().valueMinor(), order.points().restored(), order.lines(),
				order.appliedPromotions(), shippingAddress, order.paymentDueAt(), order.paidAt(), order.shippedAt(),
				order.deliveredAt(), order.cancelledAt(), order.createdAt());
	}

	/**
	 * The shape of {@link OrderView#promotions()}: the promotions that applied, as the
	 * order's quote from promotion-service recorded them (kept as that JSON).
	 */
	record AppliedPromotion(String promotionId, String name, @Nullable String couponId, String group,
			long discountMinor, long shippingDiscountMinor) {
	}

}
