package io.concord.inventory.reservation;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ReservationStatusTests {

	@Test
	void aHoldEndsOnceAndOnlyAPaidOneCanBeReversed() {
		assertThat(ReservationStatus.ACTIVE.canMoveTo(ReservationStatus.CONFIRMED)).isTrue();
		assertThat(ReservationStatus.ACTIVE.canMoveTo(ReservationStatus.RELEASED)).isTrue();
		assertThat(ReservationStatus.ACTIVE.canMoveTo(ReservationStatus.EXPIRED)).isTrue();
		assertThat(ReservationStatus.ACTIVE.canMoveTo(ReservationStatus.REVERSED)).isFalse();
		assertThat(ReservationStatus.CONFIRMED.canMoveTo(ReservationStatus.REVERSED)).isTrue();
		assertThat(ReservationStatus.CONFIRMED.canMoveTo(ReservationStatus.RELEASED)).isFalse();
		assertThat(ReservationStatus.RELEASED.canMoveTo(ReservationStatus.ACTIVE)).isFalse();
		assertThat(ReservationStatus.REVERSED.canMoveTo(ReservationStatus.CONFIRMED)).isFalse();
	}

	@Test
	void aLatePaymentConfirmsAnExpiredHoldButNothingElseRevivesIt() {
		assertThat(ReservationStatus.EXPIRED.canMoveTo(ReservationStatus.CONFIRMED)).isTrue();
		assertThat(ReservationStatus.EXPIRED.canMoveTo(ReservationStatus.ACTIVE)).isFalse();
		assertThat(ReservationStatus.EXPIRED.canMoveTo(ReservationStatus.RELEASED)).isFalse();
		assertThatIllegalStateException()
			.isThrownBy(() -> ReservationStatus.checked(ReservationStatus.EXPIRED, ReservationStatus.RELEASED));
	}

	@Test
	void onlyHoldsAndSalesHaveStockToGiveBack() {
		assertThat(ReservationStatus.ACTIVE.holdsStock()).isTrue();
		assertThat(ReservationStatus.CONFIRMED.holdsStock()).isTrue();
		assertThat(ReservationStatus.RELEASED.holdsStock()).isFalse();
		assertThat(ReservationStatus.EXPIRED.holdsStock()).isFalse();
		assertThat(ReservationStatus.REVERSED.holdsStock()).isFalse();
	}

}
