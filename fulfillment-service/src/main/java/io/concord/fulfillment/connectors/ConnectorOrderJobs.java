package io.concord.fulfillment.connectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Connector orders' background work: pull the platforms' orders, try again the ones a
 * partner outage left waiting, push tracking. Each claims its rows, so every replica may
 * run it.
 */
@Component
class ConnectorOrderJobs {

	private static final Logger log = LoggerFactory.getLogger(ConnectorOrderJobs.class);

	private final ConnectorOrderPull pull;

	private final ConnectorOrders orders;

	private final ConnectorTracking tracking;

	ConnectorOrderJobs(ConnectorOrderPull pull, ConnectorOrders orders, ConnectorTracking tracking) {
		this.pull = pull;
		this.orders = orders;
		this.tracking = tracking;
	}

	void run() {
		int pulled = this.pull.pullDue();
		int retried = this.orders.retryDue(50);
		int pushed = this.tracking.pushDue(50);
		if (pulled + retried + pushed > 0) {
			log.info("Connectors: {} orders pulled, {} retried, {} tracking pushes", pulled, retried, pushed);
		}
	}

}
