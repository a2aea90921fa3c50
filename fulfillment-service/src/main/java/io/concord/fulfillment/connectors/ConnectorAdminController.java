package io.concord.fulfillment.connectors;

import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops configure connectors and their SKU mappings
 * ({@code /admin/fulfillment/connectors/...}).
 */
@Tag(name = "connectors",
		description = "Channel connectors: the marketplace and livestream shop accounts whose orders come in and whose stock, prices and tracking go out.")
@RestController
@Validated
class ConnectorAdminController {

	static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	// A channel as inventory names it (routes, reservations, availability).
	static final String CHANNEL = "[A-Z_]{2,32}";

	record ConnectorRequest(@NotBlank @Pattern(regexp = "[A-Z][A-Z0-9_]{0,39}") String platform,
			@NotBlank @Size(max = 200) String displayName, @NotBlank @Pattern(regexp = CHANNEL) String channel,
			@Schema(description = "The platform API's base URL (http or https).") @NotBlank @Size(max = 500) @Pattern(
					regexp = "https?://\\S+") String baseUrl,
			@Schema(description = "Name of the deployment secret holding the API credential (concord.fulfillment.connectors.secrets.<ref>); never the secret itself.") @NotBlank @Pattern(
					regexp = "[a-z0-9][a-z0-9-]{0,99}") String apiSecretRef,
			@Schema(description = "Name of the deployment secret the platform signs its webhooks with.") @NotBlank @Pattern(
					regexp = "[a-z0-9][a-z0-9-]{0,99}") String webhookSecretRef,
			@Schema(description = "Units held back from what the platform may sell; 0 when absent.") @Nullable @Min(0) @Max(1_000_000) Integer stockBuffer,
			@Schema(description = "The platform's API quota for this account; 10 when absent.") @Nullable @Min(1) @Max(1000) Integer pushesPerSecond,
			@Schema(description = "Seconds between order pulls; 60 when absent.") @Nullable @Min(5) @Max(86400) Integer pullEverySeconds,
			@Schema(description = "Seconds between full stock re-syncs; 900 when absent.") @Nullable @Min(60) @Max(86400) Integer resyncEverySeconds,
			@Schema(description = "The platform's dispatch promise in hours; 48 when absent.") @Nullable @Min(1) @Max(720) Integer dispatchWithinHours,
			@Nullable Boolean enabled) {
	}

	record MappingEntry(@NotBlank @Size(max = 100) @Pattern(regexp = "\\S+") String platformSku,
			@NotBlank @Pattern(regexp = ID) String sku) {
	}

	record MappingRequest(@NotNull @Size(max = 10_000) List<@Valid @NotNull MappingEntry> skus) {
	}

	private final Connectors connectors;

	ConnectorAdminController(Connectors connectors) {
		this.connectors = connectors;
	}

	@Operation(summary = "Create or replace a connector",
			description = "Sets the connector of one external channel account: its platform adapter, the sales channel its orders and stock belong to (one connector per channel), its API base URL, the names of the deployment secrets it uses, and its sync rules (stock buffer, push quota, pull and re-sync intervals, dispatch promise). Its SKU mapping stays. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"platform\":\"SIMULATED_MARKETPLACE\",\"displayName\":\"Tmall flagship store\",\"channel\":\"TMALL\",\"baseUrl\":\"http://localhost:8084/dev/marketplace/tmall-flagship\",\"apiSecretRef\":\"tmall-flagship-api\",\"webhookSecretRef\":\"tmall-flagship-webhook\",\"stockBuffer\":5,\"pushesPerSecond\":20,\"pullEverySeconds\":30,\"resyncEverySeconds\":900,\"dispatchWithinHours\":48,\"enabled\":true}")))
	@ProblemResponse(status = 422, type = "unknown-platform", when = "no adapter exists for the platform (platform)")
	@ProblemResponse(status = 422, type = "unknown-secret",
			when = "a secret reference names no secret of the deployment (secretRef)")
	@ProblemResponse(status = 409, type = "channel-taken", when = "another connector already sells on the channel")
	@PutMapping("/admin/fulfillment/connectors/{connectorId}")
	Connector save(@PathVariable @Pattern(regexp = ID) String connectorId, @Valid @RequestBody ConnectorRequest request,
			Principal staff) {
		return this.connectors
			.save(new Connector(connectorId, request.platform(), request.displayName(), request.channel(),
					request.baseUrl(), request.apiSecretRef(), request.webhookSecretRef(), or(request.stockBuffer(), 0),
					or(request.pushesPerSecond(), 10), Duration.ofSeconds(or(request.pullEverySeconds(), 60)),
					Duration.ofSeconds(or(request.resyncEverySeconds(), 900)),
					Duration.ofHours(or(request.dispatchWithinHours(), 48)), !Boolean.FALSE.equals(request.enabled()),
					Instant.EPOCH, "staff:" + staff.getName()));
	}

	@Operation(summary = "List connectors",
			description = "Answers every connector with its settings (secret references only, never values). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/admin/fulfillment/connectors")
	List<Connector> list() {
		return this.connectors.all();
	}

	@Operation(summary = "Get a connector",
			description = "Answers the connector's settings (secret references only, never values). Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@GetMapping("/admin/fulfillment/connectors/{connectorId}")
	Connector get(@PathVariable String connectorId) {
		return this.connectors.get(connectorId);
	}

	@Operation(summary = "Replace a connector's SKU mapping",
			description = "Sets which platform SKU sells which Concord SKU on this connector (one to one). A platform order line whose SKU is not mapped is held for ops; stock and prices are pushed for mapped SKUs only. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"skus\":[{\"platformSku\":\"TM-668812345-BLK-M\",\"sku\":\"JACKET-BLK-M\"}]}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@ProblemResponse(status = 422, type = "duplicate-mapping",
			when = "a platform SKU or a SKU appears twice (platformSku, sku)")
	@PutMapping("/admin/fulfillment/connectors/{connectorId}/skus")
	List<Connectors.SkuMapping> replaceMapping(@PathVariable String connectorId,
			@Valid @RequestBody MappingRequest request) {
		return this.connectors.replaceMapping(connectorId,
				request.skus().stream().map((e) -> new Connectors.SkuMapping(e.platformSku(), e.sku())).toList());
	}

	@Operation(summary = "Get a connector's SKU mapping",
			description = "Answers the platform SKU to SKU mapping. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no connector with this id")
	@GetMapping("/admin/fulfillment/connectors/{connectorId}/skus")
	List<Connectors.SkuMapping> mapping(@PathVariable String connectorId) {
		this.connectors.get(connectorId);
		return this.connectors.mapping(connectorId);
	}

	private static int or(@Nullable Integer value, int fallback) {
		return (value != null) ? value : fallback;
	}

}
