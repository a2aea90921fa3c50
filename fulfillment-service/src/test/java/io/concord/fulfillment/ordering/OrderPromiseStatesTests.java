package io.concord.fulfillment.ordering;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which orders the SLA watches: a promise runs from payment until delivery or
 * cancellation, dispatch until the order leaves; both follow the lifecycle table.
 */
class OrderPromiseStatesTests {

	@Test
	void aPromiseRunsFromPaymentUntilDeliveryOrCancellation() {
		for (OrderStatus status : OrderStatus.values()) {
			boolean paidAndOpen = status.compareTo(OrderStatus.PAID) >= 0 && !status.settled();
			assertThat(OrderStatus.UNDER_PROMISE.contains(status)).as(status.name()).isEqualTo(paidAndOpen);
		}
		assertThat(OrderStatus.AWAITING_DISPATCH).containsExactly(OrderStatus.PAID, OrderStatus.ALLOCATED)
			.allMatch((status) -> status.after(OrderStatus.Action.SHIP).isPresent()
					|| status.after(OrderStatus.Action.ALLOCATE).isPresent());
	}

	@Test
	void theSetsReadAsSqlConditions() {
		assertThat(OrderStatus.sqlIn("status", OrderStatus.UNDER_PROMISE))
			.isEqualTo("status in ('PAID', 'ALLOCATED', 'SHIPPED')");
		assertThat(OrderStatus.sqlIn("o.status", OrderStatus.AWAITING_DISPATCH))
			.isEqualTo("o.status in ('PAID', 'ALLOCATED')");
	}

}
