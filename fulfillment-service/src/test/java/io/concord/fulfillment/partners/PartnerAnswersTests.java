package io.concord.fulfillment.partners;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The partners' answers, as their services send them (the examples of their API
 * documents), read into the records fulfillment owns: every figure exact, fields the
 * order flow does not use ignored, absent numbers 0 as before.
 */
class PartnerAnswersTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final PartnerAnswers answers = new PartnerAnswers(JSON);

	@Test
	void inventorysReservationGivesItsExpiryAndWhereEachUnitIsHeld() {
		Partners.Reservation reservation = this.answers.read(JSON.readTree("""
				{"orderId": "ORD-1", "channel": "TMALL", "status": "ACTIVE", "expiresAt": "2026-12-05T10:45:00Z",
				 "allocations": [{"sku": "JACKET-BLK-M", "location": "WH-SH", "quantity": 1},
				                 {"sku": "JACKET-BLK-M", "location": "WH-GZ", "quantity": 1}]}"""),
				Partners.Reservation.class);
		assertThat(reservation.expiresAt()).isEqualTo(Instant.parse("2026-12-05T10:45:00Z"));
		assertThat(reservation.allocations()).containsExactly(new Partners.Allocation("JACKET-BLK-M", "WH-SH", 1),
				new Partners.Allocation("JACKET-BLK-M", "WH-GZ", 1));
	}

	@Test
	void promotionsQuoteKeepsEveryAmountInMinorUnitsAndWhatApplied() {
		Partners.PromotionQuote quote = this.answers.read(JSON.readTree("""
				{"currency": "CNY", "subtotalMinor": 139800, "discountMinor": 10000, "shippingFeeMinor": 1000,
				 "shippingDiscountMinor": 1000, "payableMinor": 129800,
				 "lines": [{"sku": "JACKET-BLK-M", "quantity": 2, "unitPriceMinor": 69900, "grossMinor": 139800,
				            "discountMinor": 10000, "netMinor": 129800,
				            "discounts": [{"promotionId": "PROMO-D11", "couponId": null, "amountMinor": 10000}]}],
				 "applied": [{"promotionId": "PROMO-D11", "name": "Singles Day", "couponId": null, "group": "ORDER",
				              "discountMinor": 10000, "shippingDiscountMinor": 1000}],
				 "considered": [{"promotionId": "PROMO-D11", "name": "Singles Day", "couponId": null, "applied": true,
				                 "reason": "APPLIED", "detail": "best stack"}],
				 "pointsAllowed": true, "combinationsEvaluated": 4}"""), Partners.PromotionQuote.class);
		assertThat(quote).isEqualTo(new Partners.PromotionQuote("CNY", 139800, 10000, 1000, 1000, 129800,
				List.of(new Partners.QuotedLine("JACKET-BLK-M", 2, 69900L, 139800, 10000, 129800)),
				List.of(new Partners.QuotedPromotion("PROMO-D11", "Singles Day", null, "ORDER", 10000, 1000)), true));
	}

	@Test
	void aReturnsRefundIsReadPerLineAndInAll() {
		Partners.ReturnRefund refund = this.answers.read(JSON.readTree("""
				{"orderId": "ORD-1", "returnId": "RET-1", "currency": "CNY",
				 "lines": [{"sku": "JACKET-BLK-M", "quantity": 1, "grossMinor": 69900, "discountMinor": 5000,
				            "refundMinor": 64900}], "refundMinor": 64900, "budgetRestoredMinor": 0}"""),
				Partners.ReturnRefund.class);
		assertThat(refund)
			.isEqualTo(new Partners.ReturnRefund(List.of(new Partners.RefundLine("JACKET-BLK-M", 64900)), 64900));
	}

	@Test
	void absentFiguresReadAsZeroAndAbsentListsAsEmpty() {
		Partners.PromotionQuote quote = this.answers.read(JSON.readTree("""
				{"currency": "CNY", "payableMinor": 1500}"""), Partners.PromotionQuote.class);
		assertThat(quote.subtotalMinor()).isZero();
		assertThat(quote.pointsAllowed()).isFalse();
		assertThat(quote.lines()).isEmpty();
		assertThat(quote.applied()).isEmpty();
		assertThat(this.answers.read(JSON.readTree("{\"points\": 120}"), Partners.PointsRedemption.class))
			.isEqualTo(new Partners.PointsRedemption(120, 0));
	}

}
