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
import io.concord.platform.web.TestRun;
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
	@ProblemResponse(status = 409, type = "conflict",
			when = "the SKU belongs to a load-test run (purge the run instead)")
	@ProblemResponse(status = 422, type = "test-run-real-stock",
			when = "a load-test run (X-Concord-Test-Run) tries to change a real SKU")
	@PutMapping("/skus/{sku}")
	@Transactional
	Sku putSku(@PathVariable @Pattern(regexp = CODE) String sku, @Valid @RequestBody SkuDefinition definition) {
		// In one transaction, so a test run's SKU is tagged (ADR-25); shadow traffic
		// never
		// changes a real SKU, nor real traffic a test run's.
		int changed = this.jdbc.sql("""
				insert into sku (sku, name, category, brand, dropship, supplier_id, reorder_point, attributes)
				values (?, ?, ?, ?, ?, ?, ?, ?::jsonb)
				on conflict (sku) do update set name = excluded.name, category = excluded.category,
				  brand = excluded.brand, dropship = excluded.dropship, supplier_id = excluded.supplier_id,
				  reorder_point = excluded.reorder_point, attributes = excluded.attributes
				where sku.test_run is not distinct from excluded.test_run""")
			.params(sku, definition.name(), definition.category(), definition.brand(),
					Boolean.TRUE.equals(definition.dropship()), definition.supplierId(),
					(definition.reorderPoint() != null) ? definition.reorderPoint() : 0,
					JSON.writeValueAsString((definition.attributes() != null) ? definition.attributes() : Map.of()))
			.update();
		if (changed == 0) {
			throw otherRun("SKU " + sku);
		}
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
	@ProblemResponse(status = 409, type = "conflict",
			when = "the location belongs to a load-test run (purge the run instead)")
	@ProblemResponse(status = 422, type = "test-run-real-stock",
			when = "a load-test run (X-Concord-Test-Run) tries to change a real location")
	@PutMapping("/locations/{code}")
	@Transactional
	LocationDefinition putLocation(@PathVariable @Pattern(regexp = CODE) String code,
			@Valid @RequestBody LocationDefinition location) {
		int changed = this.jdbc.sql("""
				insert into location (code, name, type, region, latitude, longitude) values (?, ?, ?, ?, ?, ?)
				on conflict (code) do update set name = excluded.name, type = excluded.type,
				  region = excluded.region, latitude = excluded.latitude, longitude = excluded.longitude
				where location.test_run is not distinct from excluded.test_run""")
			.params(code, location.name(), location.type().name(), location.region(), location.latitude(),
					location.longitude())
			.update();
		if (changed == 0) {
			throw otherRun("location " + code);
		}
		this.events.publishEvent(new RoutingChanged("location " + code));
		return location;
	}

	@Operation(summary = "Set a sales channel's locations",
			description = "Replaces the locations that serve the channel, in sort order, and how to choose among them (SORT_ORDER when absent, MOST_STOCK, NEAREST); availability and reservations follow it at once. Who may call: staff with role ops-manager (admin implies it).")
	@io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(name = "example",
			value = "{\"locations\":[\"WH-SH-01\",\"STORE-SH-NANJINGXI\"],\"strategy\":\"NEAREST\"}")))
	@ProblemResponse(status = 422, type = "business-rule", when = "a location is listed twice or does not exist")
	@ProblemResponse(status = 422, type = "test-run-real-stock",
			when = "a load-test run routes a channel to a location it did not create")
	@PutMapping("/channels/{channel}/locations")
	@Transactional
	ChannelRouting route(@PathVariable @Pattern(regexp = "[A-Z_]{2,32}") String channel,
			@Valid @RequestBody ChannelRouting routing) {
		if (routing.locations().stream().distinct().count() != routing.locations().size()) {
			throw new ProblemException.Unprocessable("A location may appear only once per channel");
		}
		String strategy = (routing.strategy() != null) ? routing.strategy() : "SORT_ORDER";
		if (TestRun.active()) {
			return routeTestRun(channel, routing, strategy);
		}
		this.jdbc.sql("""
				insert into sales_channel (channel, allocation_strategy) values (?, ?)
				on conflict (channel) do update set allocation_strategy = excluded.allocation_strategy""")
			.params(channel, strategy)
			.update();
		// A running load test's own locations stay on the channel (ADR-25).
		this.jdbc.sql("delete from channel_location where channel = ? and test_run is null").param(channel).update();
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

	/**
	 * Shadow traffic adds its run's own locations to a channel, after the real ones, and
	 * changes nothing else: the real route and strategy stay as they are.
	 */
	private ChannelRouting routeTestRun(String channel, ChannelRouting routing, String strategy) {
		this.jdbc.sql("insert into sales_channel (channel, allocation_strategy) values (?, ?) on conflict do nothing")
			.params(channel, strategy)
			.update();
		for (String location : routing.locations()) {
			boolean own = this.jdbc.sql("select exists (select 1 from location where code = ? and test_run = ?)")
				.params(location, TestRun.current())
				.query(Boolean.class)
				.single();
			if (!own) {
				throw TestRunStock.realStock("location " + location + " on channel " + channel);
			}
		}
		this.jdbc.sql("delete from channel_location where channel = ? and test_run = ?")
			.params(channel, TestRun.current())
			.update();
		for (int i = 0; i < routing.locations().size(); i++) {
			this.jdbc.sql("""
					insert into channel_location (channel, location_code, sort_order)
					values (?, ?, 1000000 + ?) on conflict do nothing""")
				.params(channel, routing.locations().get(i), i)
				.update();
		}
		this.events.publishEvent(new RoutingChanged("channel " + channel));
		return new ChannelRouting(routing.locations(), strategy);
	}

	private static ProblemException otherRun(String what) {
		if (TestRun.active()) {
			return TestRunStock.realStock(what);
		}
		return new ProblemException.Conflict(what + " belongs to load-test run data; purge the run instead");
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
