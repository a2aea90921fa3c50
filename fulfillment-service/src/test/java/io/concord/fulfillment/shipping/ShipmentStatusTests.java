package io.concord.fulfillment.shipping;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Tracking moves a parcel forward only; an exception is news until the delivery. */
class ShipmentStatusTests {

	@Test
	void aScanMovesAParcelOnlyForward() {
		for (ShipmentStatus current : ShipmentStatus.values()) {
			for (ShipmentStatus next : ShipmentStatus.values()) {
				assertThat(current.movesTo(next)).as("%s -> %s", current, next)
					.isEqualTo(next.ordinal() > current.ordinal());
			}
		}
		assertThat(ShipmentStatus.CREATED.movesTo(ShipmentStatus.DELIVERED)).as("scans may be skipped").isTrue();
		assertThat(ShipmentStatus.DELIVERED.movesTo(ShipmentStatus.IN_TRANSIT)).isFalse();
	}

	@Test
	void anExceptionIsTakenUntilTheParcelIsDelivered() {
		assertThat(ShipmentStatus.CREATED.takesException()).isTrue();
		assertThat(ShipmentStatus.PICKED_UP.takesException()).isTrue();
		assertThat(ShipmentStatus.IN_TRANSIT.takesException()).isTrue();
		assertThat(ShipmentStatus.DELIVERED.takesException()).isFalse();
	}

	@Test
	void aParcelIsUnderwayOncePickedUp() {
		assertThat(ShipmentStatus.CREATED.underway()).isFalse();
		assertThat(ShipmentStatus.PICKED_UP.underway()).isTrue();
		assertThat(ShipmentStatus.DELIVERED.underway()).isTrue();
	}

}
