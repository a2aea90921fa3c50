package io.concord.fulfillment.connectors;

import java.time.Clock;
import java.util.List;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops see what each connector's platform was told of stock and prices, and re-sync its
 * stock on demand ({@code /admin/fulfillment/connectors/{id}/stock}, {@code /sync}).
 */
@Tag(name = "connectors")
@RestController
class ConnectorSyncController {

	private final Connectors connectors;

	private final ConnectorPushes pushes;

	private final StockResync resync;

	private final Clock clock;

	ConnectorSyncController(Connectors connectors, ConnectorPushes pushes, StockResync resync, Clock clock) {
		this.connectors = connectors;
		this.pushes = pushes;
		this.resync = resync;
		this.clock = clock;
	}

	@Operation(summary = "Get a connector's stock and prices as pushed",
			description = "Answers, per mapped SKU: inventory's available-to-promise for the connector's channel and when it was known, what the platform may sell of it (the stock buffer applied), the quantity last pushed, when, and how many seconds ago (ageSeconds), whether a push is pending, its failed attempts, next attempt and last error; and the price queued and last pushed. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@GetMapping("/admin/fulfillment/connectors/{connectorId}/stock")
	List<ConnectorPushes.SkuSync> stock(@PathVariable String connectorId) {
		return this.pushes.stockView(this.connectors.get(connectorId), this.clock.instant());
	}

	@Operation(summary = "Get a connector's sync summary",
			description = "Answers what waits to be pushed (stock and prices), what fails and since when (the alert ops watch), until when the platform paused the pushes (after a 429), the age of the oldest unpushed stock change, and the last full re-sync (when, how many SKUs, its error when inventory could not be read). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@GetMapping("/admin/fulfillment/connectors/{connectorId}/sync")
	ConnectorPushes.SyncSummary sync(@PathVariable String connectorId) {
		this.connectors.get(connectorId);
		return this.pushes.summary(connectorId, this.clock.instant());
	}

	@Operation(summary = "Re-sync a connector's stock now",
			description = "Reads every mapped SKU's available-to-promise for the connector's channel from inventory-service and queues all of them for the platform (the pusher sends them within its quota), which also confirms raises held for lack of a recent confirmation. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@ProblemResponse(status = 503, type = "inventory-unavailable",
			when = "inventory-service could not be read: nothing was raised (lowers still go out)")
	@PostMapping("/admin/fulfillment/connectors/{connectorId}/stock/resync")
	StockResync.Outcome resync(@PathVariable String connectorId) {
		StockResync.Outcome outcome = this.resync.resyncNow(connectorId);
		if (outcome.error() != null) {
			throw new ProblemException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("inventory-unavailable"),
					"Inventory unavailable",
					"The connector's stock could not be read from inventory-service: " + outcome.error())
				.with("connectorId", connectorId);
		}
		return outcome;
	}

}
