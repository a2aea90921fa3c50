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

	/**
	 * One cart line after discounts, with the share each promotion took. The price fields
	 * (added for the price lists, ADR-31) are null where the engine alone priced the line
	 * (and in quotes stored before them).
	 *
	 * @param unitPriceMinor the unit price actually used: the price list's selling price,
	 * or the caller's price when the SKU has none ({@code priced} false)
	 * @param priced whether the unit price came from the price list
	 * @param wasPriceMinor the unit price a saving may be shown against: never above the
	 * reference price
	 * @param advertisedSavingMinor what may be shown as saved on the line: was-price
	 * times quantity minus net, never negative
	 */
	public record LineQuote(String sku, int quantity, long unitPriceMinor, long grossMinor, long discountMinor,
			long netMinor, List<LineDiscount> discounts,
			@Schema(description = "whether the unit price is the price list's (false: the caller's price, a preview; placing the order prices it on the server)",
					example = "true") @Nullable Boolean priced,
			@Schema(example = "19800") @Nullable Long listPriceMinor,
			@Schema(description = "lowest selling price of the prior N days (30 by default) before the price took effect",
					example = "16800") @Nullable Long referencePriceMinor,
			@Schema(description = "the unit price a saving is shown against: the list price, or the reference price when lower",
					example = "16800") @Nullable Long wasPriceMinor,
			@Schema(description = "what may be advertised as saved on this line (against wasPriceMinor)",
					example = "2000") @Nullable Long advertisedSavingMinor) {

		public LineQuote(String sku, int quantity, long unitPriceMinor, long grossMinor, long discountMinor,
				long netMinor, List<LineDiscount> discounts) {
			this(sku, quantity, unitPriceMinor, grossMinor, discountMinor, netMinor, discounts, null, null, null, null,
					null);
		}

		/** The line with where its price came from and the saving it may show. */
		public LineQuote withPrices(boolean priced, @Nullable Long listPriceMinor, @Nullable Long referencePriceMinor,
				@Nullable Long wasPriceMinor, @Nullable Long advertisedSavingMinor) {
			return new LineQuote(this.sku, this.quantity, this.unitPriceMinor, this.grossMinor, this.discountMinor,
					this.netMinor, this.discounts, priced, listPriceMinor, referencePriceMinor, wasPriceMinor,
					advertisedSavingMinor);
		}

	}

	/** The same quote with other lines (the same amounts, annotated). */
	public Quote withLines(List<LineQuote> lines) {
		return new Quote(this.currency, this.subtotalMinor, this.discountMinor, this.shippingFeeMinor,
				this.shippingDiscountMinor, this.payableMinor, lines, this.applied, this.considered, this.pointsAllowed,
				this.combinationsEvaluated);
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
