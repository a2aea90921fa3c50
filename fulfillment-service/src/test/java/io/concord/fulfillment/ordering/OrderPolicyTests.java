package io.concord.fulfillment.ordering;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two promises an order carries, each from its one policy: when it must be paid
 * ({@link OrderPolicy}) and when it must leave and arrive ({@link OrderSla.Policy}).
 */
class OrderPolicyTests {

	private static final Instant PLACED = Instant.parse("2026-11-11T00:00:00Z");

	private final OrderPolicy policy = new OrderPolicy(null, Map.of("LIVE", Duration.ofMinutes(5)));

	@Test
	void shoppersHaveTheirChannelsPaymentWindowFifteenMinutesUnlessConfigured() {
		assertThat(this.policy.paymentWindowFor("APP")).isEqualTo(Duration.ofMinutes(15));
		assertThat(this.policy.paymentWindowFor("LIVE")).isEqualTo(Duration.ofMinutes(5));
		assertThat(new OrderPolicy(Duration.ofMinutes(30), null).paymentWindowFor("APP"))
			.isEqualTo(Duration.ofMinutes(30));
	}

	@Test
	void stockIsHeldAMinuteLongerThanTheShopperHasToPay() {
		assertThat(this.policy.stockHoldFor("APP")).isEqualTo(Duration.ofMinutes(16));
		assertThat(this.policy.stockHoldFor("LIVE")).isEqualTo(Duration.ofMinutes(6));
	}

	@Test
	void paymentIsDueAfterTheWindowWhileTheStockIsHeld() {
		assertThat(this.policy.paymentDue("APP", PLACED, PLACED.plus(Duration.ofMinutes(16))))
			.isEqualTo(PLACED.plus(Duration.ofMinutes(15)));
		assertThat(this.policy.paymentDue("LIVE", PLACED, null)).isEqualTo(PLACED.plus(Duration.ofMinutes(5)));
	}

	@Test
	void aShorterHoldThanAskedForBringsTheDeadlineForwardToAMinuteBeforeItEnds() {
		// Inventory held the stock for 10 minutes (reserved earlier, or capped).
		assertThat(this.policy.paymentDue("APP", PLACED, PLACED.plus(Duration.ofMinutes(10))))
			.isEqualTo(PLACED.plus(Duration.ofMinutes(9)));
	}

	@Test
	void paidOrdersArePromisedDispatchInADayAndDeliveryInSeventyTwoHoursUnlessConfigured() {
		OrderSla.Policy sla = new OrderSla.Policy(null, null, null, Map.of("TMALL", Duration.ofHours(48)));
		assertThat(sla.dispatchBy(PLACED)).isEqualTo(PLACED.plus(Duration.ofHours(24)));
		assertThat(sla.deliveryBy("APP", PLACED)).isEqualTo(PLACED.plus(Duration.ofHours(72)));
		assertThat(sla.deliveryBy("TMALL", PLACED)).isEqualTo(PLACED.plus(Duration.ofHours(48)));
		assertThat(sla.riskMargin()).isEqualTo(Duration.ofHours(6));
	}

}
