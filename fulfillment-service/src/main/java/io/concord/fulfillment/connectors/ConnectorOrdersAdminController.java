package io.concord.fulfillment.connectors;

import java.security.Principal;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops follow a connector's platform orders: held ones with their reason, retried after
 * the fix, or dismissed ({@code /admin/fulfillment/connectors/{id}/orders...}).
 */
@Tag(name = "connectors")
@RestController
@Validated
class ConnectorOrdersAdminController {

	record DismissRequest(@NotBlank @Size(max = 500) String reason) {
	}

	private final ConnectorOrders orders;

	private final ConnectorAfterSales afterSales;

	private final ConnectorOrderPull pull;

	private final Connectors connectors;

	ConnectorOrdersAdminController(ConnectorOrders orders, ConnectorAfterSales afterSales, ConnectorOrderPull pull,
			Connectors connectors) {
		this.orders = orders;
		this.afterSales = afterSales;
		this.pull = pull;
		this.connectors = connectors;
	}

	@Operation(summary = "List a connector's platform orders",
			description = "Answers up to limit (1 to 1000, 100 when absent) platform orders of the connector, newest first, in the given status if any (RECEIVED, HELD, PLACED, DISMISSED): each with its reason when held (UNMAPPED_SKU with platformSkus, OUT_OF_STOCK with shortLines, REFUSED with the problem), its order id when placed, how often it arrived again, and its tracking push (status, attempts, last error). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@GetMapping("/admin/fulfillment/connectors/{connectorId}/orders")
	List<ConnectorOrders.ConnectorOrder> list(@PathVariable String connectorId,
			@RequestParam(required = false) @Nullable @Pattern(regexp = "RECEIVED|HELD|PLACED|DISMISSED") String status,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.orders.list(connectorId, status, limit);
	}

	@Operation(summary = "Retry a held platform order",
			description = "Places a held (or waiting) platform order again, after ops fixed its SKU mapping or its stock; answers where it stands now (PLACED, or HELD again with the reason). Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector or platform order with this id")
	@ProblemResponse(status = 409, type = "not-held", when = "the platform order is placed or dismissed")
	@PostMapping("/admin/fulfillment/connectors/{connectorId}/orders/{platformOrderId}/retry")
	ConnectorOrders.ConnectorOrder retry(@PathVariable String connectorId, @PathVariable String platformOrderId) {
		return this.orders.retry(connectorId, platformOrderId);
	}

	@Operation(summary = "Dismiss a held platform order",
			description = "Closes a held (or waiting) platform order without placing it, e.g. after the platform refunded the buyer; recorded with the reason and the staff member. Idempotent. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector or platform order with this id")
	@ProblemResponse(status = 409, type = "not-held", when = "the platform order is placed")
	@PostMapping("/admin/fulfillment/connectors/{connectorId}/orders/{platformOrderId}/dismiss")
	ConnectorOrders.ConnectorOrder dismiss(@PathVariable String connectorId, @PathVariable String platformOrderId,
			@Valid @RequestBody DismissRequest request, Principal staff) {
		this.connectors.get(connectorId);
		return this.orders.dismiss(connectorId, platformOrderId, request.reason(), "staff:" + staff.getName());
	}

	@Operation(summary = "List a connector's after-sales requests",
			description = "Answers up to limit (1 to 1000, 100 when absent) after-sales requests of the connector, newest first, each with its outcome. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@GetMapping("/admin/fulfillment/connectors/{connectorId}/after-sales")
	List<ConnectorAfterSales.Outcome> afterSales(@PathVariable String connectorId,
			@RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
		return this.afterSales.list(connectorId, limit);
	}

	@Operation(summary = "Pull a connector's orders now",
			description = "Pulls the connector's new platform orders at once instead of at its next interval; answers how many came (each goes through the same intake as the webhook). Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@PostMapping("/admin/fulfillment/connectors/{connectorId}/orders/pull")
	PullResult pullNow(@PathVariable String connectorId) {
		return new PullResult(this.pull.pull(this.connectors.get(connectorId), true));
	}

	record PullResult(int pulled) {
	}

}
