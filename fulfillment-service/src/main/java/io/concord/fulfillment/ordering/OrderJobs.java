package io.concord.fulfillment.ordering;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The order flow's background work: unpaid orders expire, interrupted placements resume
 * or are compensated, paid orders whose partners did not answer are confirmed again,
 * orders about to miss their promises are flagged, and erased members' settled orders
 * lose their addresses. Each job claims rows with conditional updates, so every replica
 * may run it.
 */
@Component
class OrderJobs {

	private static final Logger log = LoggerFactory.getLogger(OrderJobs.class);

	private final OrderLifecycle lifecycle;

	private final OrderPlacement placement;

	private final OrderSla sla;

	private final OperationsKpis kpis;

	private final ShippingAddresses addresses;

	private final Duration placementIdle;

	private final Duration placementGiveUp;

	OrderJobs(OrderLifecycle lifecycle, OrderPlacement placement, OrderSla sla, OperationsKpis kpis,
			ShippingAddresses addresses, @Value("${concord.fulfillment.recovery.idle:30s}") Duration placementIdle,
			@Value("${concord.fulfillment.recovery.give-up-after:10m}") Duration placementGiveUp) {
		this.lifecycle = lifecycle;
		this.placement = placement;
		this.sla = sla;
		this.kpis = kpis;
		this.addresses = addresses;
		this.placementIdle = placementIdle;
		this.placementGiveUp = placementGiveUp;
	}

	@Scheduled(fixedDelayString = "${concord.fulfillment.jobs.interval:5s}")
	void run() {
		int expired = this.lifecycle.expireUnpaid(200);
		int recovered = this.placement.recover(this.placementIdle, this.placementGiveUp);
		int confirmed = this.lifecycle.confirmPending(100);
		int flagged = this.sla.watch();
		int erased = this.addresses.eraseSettled(100);
		this.kpis.refresh();
		if (expired + recovered + confirmed + flagged + erased > 0) {
			log.info("Orders: {} unpaid expired, {} placements recovered, {} paid confirmed, {} SLA flags, "
					+ "{} addresses erased", expired, recovered, confirmed, flagged, erased);
		}
	}

}
