package io.concord.inventory.catalog;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.openapi.ProblemResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Ops maintain SKUs, locations and channel routing; a PUT creates or replaces. */
@Tag(name = "catalog",
		description = "What inventory stocks and where: SKUs, locations, shipping regions and which locations serve each sales channel.")
@RestController
@RequestMapping("/admin/inventory")
class CatalogController {

	static final String CODE = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

	enum LocationType {

		WAREHOUSE, STORE, DROPSHIP

	}

	record SkuDefinition(@NotBlank @Size(max = 200) String name, @Size(max = 100) @Nullable String category,
			@Size(max = 100) @Nullable String brand, @Nullable Boolean dropship,
			@Size(max = 64) @Nullable String supplierId, @Min(0) @Nullable Integer reorderPoint,
			@Size(max = 50) @Nullable Map<@Pattern(regexp = "[a-z][a-z0-9_]{0,39}") String, @NotNull @Size(
					max = 200) String> attributes) {
	}

	record Sku(String sku, String name, @Nullable String category, @Nullable String brand, boolean dropship,
			@Nullable String supplierId, int reorderPoint, Map<String, String> attributes) {
	}

	record LocationDefinition(@NotBlank @Size(max = 200) String name, @NotNull LocationType type,
			@Size(max = 64) @Nullable String region, @DecimalMin("-90") @DecimalMax("90") @Nullable BigDecimal latitude,
			@DecimalMin("-180") @DecimalMax("180") @Nullable BigDecimal longitude) {
	}

	/**
	 * Locations serving a channel in sort order, and how to choose among them
	 * ({@code SORT_ORDER} when absent, {@code MOST_STOCK}, {@code NEAREST}).
	 */
	record ChannelRouting(@NotEmpty List<@Pattern(regexp = CODE) String> locations,
			@Pattern(regexp = "SORT_ORDER|MOST_STOCK|NEAREST") @Nullable String strategy) {
	}

	/** A shipping region's centre, for the nearest-location strategy. */
	record RegionDefinition(@NotBlank @Size(max = 200) String name,
			@NotNull @DecimalMin("-90") @DecimalMax("90") BigDecimal latitude,
			@NotNull @DecimalMin("-180") @DecimalMax("180") BigDecimal longitude) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	CatalogController(JdbcTemplate jdbc, ApplicationEventPublisher events) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
	}

	@Operation(summary = "Create or replace a SKU",
			description = "Defines the SKU with its name, category, brand, drop-ship flag, supplier, reorder point and attributes, and answers the stored SKU. Idempotent: a repeat replaces it with the same values. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"name\":\"Down jacket, black, M\",\"category\":\"outerwear\",\"brand\":\"Concord Basics\",\"dropship\":false,\"supplierId\":\"SUP-WARMTH\",\"reorderPoint\":20,\"attributes\":{\"colour\":\"black\",\"size\":\"M\"}}")))
	@PutMapping("/skus/{sku}")
	Sku putSku(@PathVariable @Pattern(regexp = CODE) String sku, @Valid @RequestBody SkuDefinition definition) {
		this.jdbc.sql("""
				insert into sku (sku, name, category, brand, dropship, supplier_id, reorder_point, attributes)
				values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
				on conflict (sku) do update set name = excluded.name, category = excluded.category,
				  brand = excluded.brand, dropship = excluded.dropship, supplier_id = excluded.supplier_id,
				  reorder_point = excluded.reorder_point, attributes = excluded.attributes""")
			.params(sku, definition.name(), definition.category(), definition.brand(),
					Boolean.TRUE.equals(definition.dropship()), definition.supplierId(),
					(definition.reorderPoint() != null) ? definition.reorderPoint() : 0,
					JSON.writeValueAsString((definition.attributes() != null) ? definition.attributes() : Map.of()))
			.update();
		return sku(sku);
	}

	@Operation(summary = "Get a SKU",
			description = "Answers the SKU as defined in the catalogue. Who may call: staff with role ops-viewer (ops-manager and admin imply it).")
	@ProblemResponse(status = 404, type = "not-found", when = "no SKU with this code is defined")
	@GetMapping("/skus/{sku}")
	Sku sku(@PathVariable String sku) {
		return this.jdbc.sql("""
				select sku, name, category, brand, dropship, supplier_id, reorder_point, attributes::text
				from sku where sku = ?""")
			.param(sku)
			.query((rs, row) -> new Sku(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
					rs.getBoolean(5), rs.getString(6), rs.getInt(7),
					new java.util.TreeMap<>(JSON.readValue(rs.getString(8), new TypeReference<Map<String, String>>() {
					}))))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("SKU", sku));
	}

	@Operation(summary = "Create or replace a location",
			description = "Defines a warehouse, store or drop-ship location with its shipping region and coordinates (for the nearest-location strategy); channel routes are refreshed. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"name\":\"Shanghai Qingpu DC\",\"type\":\"WAREHOUSE\",\"region\":\"CN-EAST\",\"latitude\":31.15,\"longitude\":121.12}")))
	@PutMapping("/locations/{code}")
	LocationDefinition putLocation(@PathVariable @Pattern(regexp = CODE) String code,
			@Valid @RequestBody LocationDefinition location) {
		this.jdbc.sql("""
				insert into location (code, name, type, region, latitude, longitude) values (?, ?, ?, ?, ?, ?)
				on conflict (code) do update set name = excluded.name, type = excluded.type,
				  region = excluded.region, latitude = excluded.latitude, longitude = excluded.longitude""")
			.params(code, location.name(), location.type().name(), location.region(), location.latitude(),
					location.longitude())
			.update();
		this.events.publishEvent(new RoutingChanged("location " + code));
		return location;
	}

	@Operation(summary = "Set a sales channel's locations",
			description = "Replaces the locations that serve the channel, in sort order, and how to choose among them (SORT_ORDER when absent, MOST_STOCK, NEAREST); availability and reservations follow it at once. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"locations\":[\"WH-SH-01\",\"STORE-SH-NANJINGXI\"],\"strategy\":\"NEAREST\"}")))
	@ProblemResponse(status = 422, type = "business-rule", when = "a location is listed twice or does not exist")
	@PutMapping("/channels/{channel}/locations")
	@Transactional
	ChannelRouting route(@PathVariable @Pattern(regexp = "[A-Z_]{2,32}") String channel,
			@Valid @RequestBody ChannelRouting routing) {
		if (routing.locations().stream().distinct().count() != routing.locations().size()) {
			throw new ProblemException.Unprocessable("A location may appear only once per channel");
		}
		String strategy = (routing.strategy() != null) ? routing.strategy() : "SORT_ORDER";
		this.jdbc.sql("""
				insert into sales_channel (channel, allocation_strategy) values (?, ?)
				on conflict (channel) do update set allocation_strategy = excluded.allocation_strategy""")
			.params(channel, strategy)
			.update();
		this.jdbc.sql("delete from channel_location where channel = ?").param(channel).update();
		try {
			for (int i = 0; i < routing.locations().size(); i++) {
				this.jdbc.sql("insert into channel_location (channel, location_code, sort_order) values (?, ?, ?)")
					.params(channel, routing.locations().get(i), i)
					.update();
			}
		}
		catch (DataIntegrityViolationException ex) {
			throw new ProblemException.Unprocessable("Every location must exist: " + routing.locations());
		}
		this.events.publishEvent(new RoutingChanged("channel " + channel));
		return new ChannelRouting(routing.locations(), strategy);
	}

	@Operation(summary = "Create or replace a shipping region",
			description = "Defines a shipping region's centre, used by the nearest-location strategy. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"name\":\"East China\",\"latitude\":31.23,\"longitude\":121.47}")))
	@PutMapping("/regions/{code}")
	RegionDefinition putRegion(@PathVariable @Pattern(regexp = CODE) String code,
			@Valid @RequestBody RegionDefinition region) {
		this.jdbc.sql("""
				insert into region (code, name, latitude, longitude) values (?, ?, ?, ?)
				on conflict (code) do update set name = excluded.name, latitude = excluded.latitude,
				  longitude = excluded.longitude""")
			.params(code, region.name(), region.latitude(), region.longitude())
			.update();
		return region;
	}

}
