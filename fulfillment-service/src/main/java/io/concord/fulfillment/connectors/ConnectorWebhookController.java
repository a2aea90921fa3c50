package io.concord.fulfillment.connectors;

import java.time.Instant;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Platforms call in: their orders and after-sales requests
 * ({@code /webhooks/connectors/{connectorId}/...}), each signed with the connector's
 * webhook secret.
 */
@RestController
class ConnectorWebhookController {

	/** A platform order as its webhook carries it (docs/connectors.md). */
	record PlatformOrderPayload(@NotBlank @Size(max = 100) String platformOrderId,
			@Nullable @Size(max = 200) String buyerId,
			@NotNull @Size(min = 1, max = 500) List<@Valid @NotNull PlatformLinePayload> lines,
			@NotNull @PositiveOrZero Long paidMinor, @NotNull @Pattern(regexp = "[A-Z]{3}") String currency,
			@NotNull @Valid AddressPayload shippingAddress, @Nullable @Size(max = 32) String region,
			@NotNull Instant placedAt) {

		ChannelPlatform.PlatformOrder order(JsonMapper json) {
			return new ChannelPlatform.PlatformOrder(this.platformOrderId, this.buyerId,
					this.lines.stream()
						.map((l) -> new ChannelPlatform.PlatformLine(l.platformSku(), l.quantity(), l.unitPriceMinor(),
								(l.discountMinor() != null) ? l.discountMinor() : 0))
						.toList(),
					this.paidMinor, this.currency, json.valueToTree(this.shippingAddress), this.region, this.placedAt);
		}

	}

	/** Where the platform ships the order, as storefront orders carry it. */
	record AddressPayload(@NotBlank @Size(max = 100) String name, @NotBlank @Size(max = 32) String phone,
			@NotBlank @Size(max = 100) String city, @NotBlank @Size(max = 300) String line1,
			@Nullable @Size(max = 20) String postalCode) {
	}

	record PlatformLinePayload(@NotBlank @Size(max = 100) String platformSku,
			@NotNull @Min(1) @Max(10_000) Integer quantity, @NotNull @PositiveOrZero Long unitPriceMinor,
			@Nullable @PositiveOrZero Long discountMinor) {
	}

	record AfterSalePayload(@NotBlank @Size(max = 100) String requestId,
			@NotBlank @Size(max = 100) String platformOrderId, @NotNull @Pattern(regexp = "CANCEL|RETURN") String type,
			@Nullable @Size(max = 500) List<@Valid @NotNull AfterSaleLinePayload> lines,
			@Nullable @Size(max = 500) String reason) {
	}

	record AfterSaleLinePayload(@NotBlank @Size(max = 100) String platformSku,
			@NotNull @Min(1) @Max(10_000) Integer quantity) {
	}

	private final Connectors connectors;

	private final ConnectorOrders orders;

	private final ConnectorAfterSales afterSales;

	private final SignedWebhooks webhooks;

	private final JsonMapper json;

	ConnectorWebhookController(Connectors connectors, ConnectorOrders orders, ConnectorAfterSales afterSales,
			SignedWebhooks webhooks, JsonMapper json) {
		this.json = json;
		this.connectors = connectors;
		this.orders = orders;
		this.afterSales = afterSales;
		this.webhooks = webhooks;
	}

	@Tag(name = "partner-webhooks")
	@Operation(summary = "Receive a platform order",
			description = "A connector's platform reports an order it sold (already priced and paid there). Stored first, once per platformOrderId (a repeat, or the same order pulled, answers duplicate true and is never placed twice), then its SKUs are mapped and it is placed and paid through the order saga. A held order (status HELD: a SKU not mapped, out of stock, refused) is accepted, not an error: ops see it with its reason. RECEIVED means a partner was down: the order is kept and placed by a job. Signed by the platform: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(connector webhook secret, \"<t>.POST.<path>.<body>\")>, within 5 minutes of the service clock. Who may call: the connector's platform only, no token: the request is authenticated by its X-Signature.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = PlatformOrderPayload.class),
			examples = @ExampleObject(name = "example",
					value = "{\"platformOrderId\":\"TM-20261206-0001\",\"buyerId\":\"tb_8812\",\"lines\":[{\"platformSku\":\"TM-668812345-BLK-M\",\"quantity\":1,\"unitPriceMinor\":29900,\"discountMinor\":3000}],\"paidMinor\":26900,\"currency\":\"CNY\",\"shippingAddress\":{\"name\":\"Ada\",\"phone\":\"+8613900000000\",\"city\":\"Shanghai\",\"line1\":\"1 Bund\"},\"region\":\"CN-SH\",\"placedAt\":\"2026-12-06T02:00:00Z\"}")))
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match under the connector's webhook secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not a platform order; errors[] lists the fields")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@PostMapping("/webhooks/connectors/{connectorId}/orders")
	ConnectorOrders.Intake order(@PathVariable String connectorId, HttpServletRequest request) {
		Connector connector = this.connectors.get(connectorId);
		PlatformOrderPayload payload = this.webhooks.read(request, this.connectors.webhookSecret(connector),
				PlatformOrderPayload.class);
		return this.orders.receive(connector, payload.order(this.json), "WEBHOOK");
	}

	@Tag(name = "partner-webhooks")
	@Operation(summary = "Receive a platform after-sales request",
			description = "A connector's platform reports a buyer's cancellation or return, applied once per requestId (a repeat answers duplicate true). CANCEL of an order not shipped yet cancels it (stock released); CANCEL after shipping or RETURN opens a return of the lines (all remaining units without lines), received by ops as any return; a request for a platform order that was held or not placed closes it (DISMISSED) without placing it. The money goes back to the buyer through the platform. Outcome: CANCELLED, RETURN_REQUESTED, DISMISSED, ALREADY_CANCELLED, UNKNOWN_ORDER or REFUSED (detail says why). Signed like the order webhook. Who may call: the connector's platform only, authenticated by its X-Signature.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = AfterSalePayload.class),
			examples = @ExampleObject(name = "example",
					value = "{\"requestId\":\"AS-77123\",\"platformOrderId\":\"TM-20261206-0001\",\"type\":\"RETURN\",\"lines\":[{\"platformSku\":\"TM-668812345-BLK-M\",\"quantity\":1}],\"reason\":\"wrong size\"}")))
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match under the connector's webhook secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not an after-sales request; errors[] lists the fields")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@PostMapping("/webhooks/connectors/{connectorId}/after-sales")
	ConnectorAfterSales.Outcome afterSale(@PathVariable String connectorId, HttpServletRequest request) {
		Connector connector = this.connectors.get(connectorId);
		AfterSalePayload payload = this.webhooks.read(request, this.connectors.webhookSecret(connector),
				AfterSalePayload.class);
		return this.afterSales.receive(connector,
				new ConnectorAfterSales.Request(payload.requestId(), payload.platformOrderId(), payload.type(),
						(payload.lines() != null) ? payload.lines()
							.stream()
							.map((l) -> new ConnectorAfterSales.Line(l.platformSku(), l.quantity()))
							.toList() : null,
						payload.reason()));
	}

}
