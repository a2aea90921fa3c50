package io.concord.promotion.pricing;

import java.util.List;

import io.swagger.v3.oas.annotations.media.Schema;
import org.jspecify.annotations.Nullable;

/**
 * A priced cart. Line discounts sum exactly to {@link #discountMinor()}; the shipping
 * discount is separate (it is not part of any line). {@code payableMinor} = subtotal −
 * discount + shipping fee − shipping discount.
 */
public record Quote(@Schema(example = "CNY") String currency, @Schema(example = "42500") long subtotalMinor,
		@Schema(description = "line discounts, in minor units", example = "5000") long discountMinor,
		@Schema(example = "1000") long shippingFeeMinor, @Schema(example = "1000") long shippingDiscountMinor,
		@Schema(description = "subtotal - discount + shipping fee - shipping discount",
				example = "37500") long payableMinor,
		List<LineQuote> lines, List<AppliedOffer> applied,
		@Schema(description = "every promotion considered: applied, or why not") List<Consideration> considered,
		@Schema(description = "whether the order may also pay with points", example = "true") boolean pointsAllowed,
		@Schema(example = "4") int combinationsEvaluated) {

	/** One cart line after discounts, with the share each promotion took. */
	public record LineQuote(String sku, int quantity, long unitPriceMinor, long grossMinor, long discountMinor,
			long netMinor, List<LineDiscount> discounts) {
	}

	public record LineDiscount(String promotionId, @Nullable String couponId, long amountMinor) {
	}

	/** A promotion that applied, with what it gave on lines and on shipping. */
	public record AppliedOffer(String promotionId, String name, @Nullable String couponId, Offer.StackingGroup group,
			long discountMinor, long shippingDiscountMinor) {

		public long totalMinor() {
			return this.discountMinor + this.shippingDiscountMinor;
		}

	}

	/** Every promotion considered: applied, or why not. */
	public record Consideration(String promotionId, String name, @Nullable String couponId, boolean applied,
			Reason reason, String detail) {
	}

	public long totalDiscountMinor() {
		return this.discountMinor + this.shippingDiscountMinor;
	}

}
