package io.concord.promotion.competitors;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.SignedWebhooks;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Ops manage competitor sources and SKU mappings and read alerts and observations
 * ({@code /admin/promotions/competitors/...}); a competitor price feed posts signed
 * observations ({@code /webhooks/competitors/{sourceId}/observations}).
 */
@RestController
@Tag(name = "competitor-watch",
		description = "Competitor price observations (signed webhook and partner topic), SKU mappings and undercut alerts.")
class CompetitorController {

	private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

	private static final String PRODUCT_ID = "[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}";

	// Beyond any real feed's batch, small enough for one transaction.
	private static final int MAX_OBSERVATIONS = 500;

	private static final long MAX_PRICE_MINOR = 1_000_000_000_000L;

	record SourceRequest(@NotBlank @Size(max = 200) String name, @Schema(
			description = "write-only; required for a new source, left out to keep the current one") @Nullable @Size(
					min = 16, max = 200) String webhookSecret,
			@Schema(description = "undercut alert threshold for this source; the global one when left out") @Nullable @DecimalMin("0") @DecimalMax("100") BigDecimal undercutThresholdPercent) {
	}

	record MappingRequest(@NotNull @Pattern(regexp = ID) String sku) {
	}

	record ResolutionRequest(@Nullable @Size(max = 200) String note) {
	}

	/** A feed's batch, as the partner API describes it. */
	record ObservationBatch(@NotEmpty @Size(max = MAX_OBSERVATIONS) List<@Valid @NotNull ObservedPrice> observations) {
	}

	record ObservedPrice(@NotNull @Pattern(regexp = PRODUCT_ID) String competitorProductId,
			@NotNull @PositiveOrZero @Max(MAX_PRICE_MINOR) Long priceMinor,
			@NotNull @Pattern(regexp = "[A-Z]{3}") String currency, @NotNull Boolean inStock,
			@NotNull Instant observedAt) {
	}

	record SkuView(String sku, List<Competitors.StoredObservation> latest,
			List<Competitors.StoredObservation> history) {
	}

	private final Competitors competitors;

	private final SignedWebhooks webhooks;

	CompetitorController(Competitors competitors, SignedWebhooks webhooks) {
		this.competitors = competitors;
		this.webhooks = webhooks;
	}

	@Operation(summary = "Receive a competitor feed's observations",
			description = "A batch of competitor prices (product id, price, currency, in stock, observed at). Each is stored with history; one whose product has no SKU mapping yet is stored unmapped and listed for ops. A mapped, in-stock price below our current selling price by more than the threshold opens an undercut alert (one open per SKU and source). Signed by the partner: X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(source secret, \"<t>.POST.<path>.<body>\")>, within 5 minutes of the service clock; nothing is stored unless the signature holds. Who may call: partners only, no token: the request is authenticated by its X-Signature under the source's secret.")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
			mediaType = "application/json", schema = @Schema(implementation = ObservationBatch.class),
			examples = @ExampleObject(name = "example",
					value = "{\"observations\":[{\"competitorProductId\":\"JD-100012345\",\"priceMinor\":45900,\"currency\":\"CNY\",\"inStock\":true,\"observedAt\":\"2026-12-05T10:00:00Z\"}]}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no competitor source has this id")
	@ProblemResponse(status = 401, type = "invalid-signature",
			when = "X-Signature is missing, malformed or does not match the time, method, path and body under the source's secret")
	@ProblemResponse(status = 401, type = "stale-signature",
			when = "the signature was made more than 5 minutes from the service clock (a replay or a skewed clock)")
	@ProblemResponse(status = 422, type = "invalid-webhook",
			when = "a correctly signed body is not a batch of observations; errors[] lists the fields")
	@PostMapping("/webhooks/competitors/{sourceId}/observations")
	Competitors.Received observations(@PathVariable String sourceId, HttpServletRequest request) {
		String secret = this.competitors.webhookSecret(sourceId)
			.orElseThrow(() -> new ProblemException.NotFound("Competitor source", sourceId));
		ObservationBatch batch = this.webhooks.read(request, secret, ObservationBatch.class);
		return this.competitors.receive(sourceId,
				batch.observations()
					.stream()
					.map((o) -> new Competitors.Observation(o.competitorProductId(), o.priceMinor(), o.currency(),
							o.inStock(), o.observedAt()))
					.toList(),
				Competitors.Channel.WEBHOOK);
	}

	@Operation(summary = "Create or replace a competitor source",
			description = "Sets the source's name, its webhook secret (write-only, never shown) and its undercut threshold. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example",
					value = "{\"name\":\"JD price watch\",\"webhookSecret\":\"jd-watch-secret-2026-q4\",\"undercutThresholdPercent\":3}")))
	@ProblemResponse(status = 422, type = "validation", when = "a new source without webhookSecret")
	@PutMapping("/admin/promotions/competitors/sources/{sourceId}")
	Competitors.Source saveSource(@PathVariable @Pattern(regexp = ID) String sourceId,
			@Valid @RequestBody SourceRequest request) {
		return this.competitors.saveSource(sourceId, request.name(), request.webhookSecret(),
				request.undercutThresholdPercent());
	}

	@Operation(summary = "List competitor sources",
			description = "Every source with its threshold; secrets are never shown. Who may call: staff with role ops-viewer or above.")
	@GetMapping("/admin/promotions/competitors/sources")
	List<Competitors.Source> sources() {
		return this.competitors.sources();
	}

	@Operation(summary = "Delete a competitor source",
			description = "Removes the source and its mappings; its observations and alerts stay as history. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no competitor source has this id")
	@DeleteMapping("/admin/promotions/competitors/sources/{sourceId}")
	ResponseEntity<Void> deleteSource(@PathVariable String sourceId) {
		if (!this.competitors.deleteSource(sourceId)) {
			throw new ProblemException.NotFound("Competitor source", sourceId);
		}
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "Map a competitor's product to a SKU",
			description = "Observations of the product stored unmapped so far get the SKU too. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(mediaType = "application/json",
			examples = @ExampleObject(name = "example", value = "{\"sku\":\"JACKET-BLK-M\"}")))
	@ProblemResponse(status = 404, type = "not-found", when = "no competitor source has this id")
	@PutMapping("/admin/promotions/competitors/sources/{sourceId}/mappings/{competitorProductId}")
	Competitors.Mapping map(@PathVariable String sourceId,
			@PathVariable @Pattern(regexp = PRODUCT_ID) String competitorProductId,
			@Valid @RequestBody MappingRequest request) {
		return this.competitors.map(sourceId, competitorProductId, request.sku());
	}

	@Operation(summary = "List a source's SKU mappings",
			description = "Who may call: staff with role ops-viewer or above.")
	@ProblemResponse(status = 404, type = "not-found", when = "no competitor source has this id")
	@GetMapping("/admin/promotions/competitors/sources/{sourceId}/mappings")
	List<Competitors.Mapping> mappings(@PathVariable String sourceId) {
		return this.competitors.mappings(sourceId);
	}

	@Operation(summary = "Remove a SKU mapping",
			description = "Later observations of the product are stored unmapped. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "the source has no mapping for this product")
	@DeleteMapping("/admin/promotions/competitors/sources/{sourceId}/mappings/{competitorProductId}")
	ResponseEntity<Void> unmap(@PathVariable String sourceId, @PathVariable String competitorProductId) {
		if (!this.competitors.unmap(sourceId, competitorProductId)) {
			throw new ProblemException.NotFound("Competitor mapping", sourceId + "/" + competitorProductId);
		}
		return ResponseEntity.noContent().build();
	}

	@Operation(summary = "List unmapped competitor products",
			description = "Products observed without a SKU mapping (their observations are kept), newest first. Who may call: staff with role ops-viewer or above.")
	@GetMapping("/admin/promotions/competitors/unmapped")
	List<Competitors.Unmapped> unmapped() {
		return this.competitors.unmapped();
	}

	@Operation(summary = "List undercut alerts",
			description = "Alerts of one status (OPEN by default, or RESOLVED), newest first. Who may call: staff with role ops-viewer or above.")
	@ProblemResponse(status = 400, type = "validation", when = "status is not OPEN or RESOLVED")
	@GetMapping("/admin/promotions/competitors/alerts")
	List<Competitors.Alert> alerts(
			@RequestParam(defaultValue = "OPEN") @Pattern(regexp = "OPEN|RESOLVED") String status,
			@RequestParam(defaultValue = "100") @jakarta.validation.constraints.Min(1) @Max(500) int limit) {
		return this.competitors.alerts(status, limit);
	}

	@Operation(summary = "Resolve an undercut alert",
			description = "Ops close an alert they handled; the next undercut of the SKU by the source opens a new one. Who may call: staff with role ops-manager (admin implies it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no open alert has this id")
	@PostMapping("/admin/promotions/competitors/alerts/{alertId}/resolution")
	Competitors.Alert resolve(@PathVariable UUID alertId,
			@Valid @RequestBody(required = false) @Nullable ResolutionRequest request) {
		String note = (request != null && request.note() != null) ? request.note() : "resolved by ops";
		return this.competitors.resolveAlert(alertId, note);
	}

	@Operation(summary = "Competitor prices of a SKU",
			description = "The latest observation per source and the history (newest first, at most 200). Who may call: staff with role ops-viewer or above.")
	@ProblemResponse(status = 404, type = "not-found", when = "no competitor observation of this SKU")
	@GetMapping("/admin/promotions/competitors/{sku}")
	SkuView sku(@PathVariable String sku) {
		List<Competitors.StoredObservation> history = this.competitors.history(sku, 200);
		if (history.isEmpty()) {
			throw new ProblemException.NotFound("Competitor observations of SKU", sku);
		}
		return new SkuView(sku, this.competitors.latestPerSource(sku), history);
	}

}
