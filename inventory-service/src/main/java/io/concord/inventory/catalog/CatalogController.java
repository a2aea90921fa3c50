package io.concord.inventory.catalog;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.inventory.catalog.Catalog.ChannelRouting;
import io.concord.inventory.catalog.Catalog.LocationDefinition;
import io.concord.inventory.catalog.Catalog.RegionDefinition;
import io.concord.inventory.catalog.Catalog.Sku;
import io.concord.inventory.catalog.Catalog.SkuDefinition;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Ops maintain SKUs, locations and channel routing; a PUT creates or replaces. */
@Tag(name = "catalog",
		description = "What inventory stocks and where: SKUs, locations, shipping regions and which locations serve each sales channel.")
@RestController
@RequestMapping("/admin/inventory")
class CatalogController {

	private final Catalog catalog;

	CatalogController(Catalog catalog) {
		this.catalog = catalog;
	}

	@Operation(summary = "Create or replace a SKU",
			description = "Defines the SKU with its name, category, brand, drop-ship flag, supplier, reorder point and attributes, and answers the stored SKU. Idempotent: a repeat replaces it with the same values. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"name\":\"Down jacket, black, M\",\"category\":\"outerwear\",\"brand\":\"Concord Basics\",\"dropship\":false,\"supplierId\":\"SUP-WARMTH\",\"reorderPoint\":20,\"attributes\":{\"colour\":\"black\",\"size\":\"M\"}}")))
	@ProblemResponse(status = 409, type = "conflict",
			when = "the SKU belongs to a load-test run (purge the run instead)")
	@ProblemResponse(status = 422, type = "test-run-real-stock",
			when = "a load-test run (X-Concord-Test-Run) tries to change a real SKU")
	@PutMapping("/skus/{sku}")
	Sku putSku(@PathVariable @Pattern(regexp = Catalog.CODE) String sku, @Valid @RequestBody SkuDefinition definition) {
		return this.catalog.putSku(sku, definition);
	}

	@Operation(summary = "Get a SKU",
			description = "Answers the SKU as defined in the catalogue. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no SKU with this code is defined")
	@GetMapping("/skus/{sku}")
	Sku sku(@PathVariable String sku) {
		return this.catalog.sku(sku).orElseThrow(() -> new ProblemException.NotFound("SKU", sku));
	}

	@Operation(summary = "Find SKUs",
			description = "Answers the SKUs whose code or name contains the text (case-insensitive), matching codes first, then by code; at most limit (1 to 100, 20 when absent). Load-test runs' SKUs are not listed. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@GetMapping("/skus")
	List<Sku> skus(@RequestParam @NotBlank @Size(max = 64) String q,
			@RequestParam(defaultValue = "20") @Min(1) @Max(100) int limit) {
		return this.catalog.search(q.strip(), limit);
	}

	@Operation(summary = "Create or replace a location",
			description = "Defines a warehouse, store or drop-ship location with its shipping region and coordinates (for the nearest-location strategy); channel routes are refreshed. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"name\":\"Shanghai Qingpu DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-EAST\",\"latitude\":31.15,\"longitude\":121.12}")))
	@ProblemResponse(status = 409, type = "conflict",
			when = "the location belongs to a load-test run (purge the run instead)")
	@ProblemResponse(status = 422, type = "test-run-real-stock",
			when = "a load-test run (X-Concord-Test-Run) tries to change a real location")
	@PutMapping("/locations/{code}")
	LocationDefinition putLocation(@PathVariable @Pattern(regexp = Catalog.CODE) String code,
			@Valid @RequestBody LocationDefinition location) {
		return this.catalog.putLocation(code, location);
	}

	@Operation(summary = "Set a sales channel's locations",
			description = "Replaces the locations that serve the channel, in sort order, and how to choose among them (SORT_ORDER when absent, MOST_STOCK, NEAREST); availability and reservations follow it at once. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"locations\":[\"WH-SH-01\",\"STORE-SH-NANJINGXI\"],\"strategy\":\"NEAREST\"}")))
	@ProblemResponse(status = 422, type = "business-rule", when = "a location is listed twice or does not exist")
	@ProblemResponse(status = 422, type = "test-run-real-stock",
			when = "a load-test run routes a channel to a location it did not create")
	@PutMapping("/channels/{channel}/locations")
	ChannelRouting route(@PathVariable @Pattern(regexp = "[A-Z_]{2,32}") String channel,
			@Valid @RequestBody ChannelRouting routing) {
		return this.catalog.route(channel, routing);
	}

	@Operation(summary = "Create or replace a shipping region",
			description = "Defines a shipping region's centre, used by the nearest-location strategy. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"name\":\"East China\",\"latitude\":31.23,\"longitude\":121.47}")))
	@PutMapping("/regions/{code}")
	RegionDefinition putRegion(@PathVariable @Pattern(regexp = Catalog.CODE) String code,
			@Valid @RequestBody RegionDefinition region) {
		this.catalog.putRegion(code, region);
		return region;
	}

}
