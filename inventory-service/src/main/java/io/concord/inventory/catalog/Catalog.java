package io.concord.inventory.catalog;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalogue: SKUs, locations, shipping regions and which locations serve each sales
 * channel. The only code that touches these tables; other packages ask here.
 */
@Component
public class Catalog {

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

	public record Sku(String sku, String name, @Nullable String category, @Nullable String brand, boolean dropship,
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

	/** A location as others need it: its type, region and coordinates (if known). */
	public record Location(String code, String type, @Nullable String region, @Nullable BigDecimal latitude,
			@Nullable BigDecimal longitude) {

		public boolean dropship() {
			return LocationType.DROPSHIP.name().equals(this.type);
		}

	}

	/** A shipping region's centre. */
	public record Region(String code, @Nullable BigDecimal latitude, @Nullable BigDecimal longitude) {
	}

	/**
	 * The locations serving a channel in sort order and the strategy ({@code SORT_ORDER},
	 * {@code MOST_STOCK}, {@code NEAREST}) choosing among them.
	 */
	public record ChannelRoute(String channel, String strategy, List<String> locations) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final ApplicationEventPublisher events;

	Catalog(JdbcTemplate jdbc, ApplicationEventPublisher events) {
		this.jdbc = JdbcClient.create(jdbc);
		this.events = events;
	}

	/**
	 * Creates or replaces a SKU. Shadow traffic never changes a real SKU, nor real
	 * traffic a test run's: in one transaction, so a test run's SKU is tagged (ADR-25).
	 */
	@Transactional
	Sku putSku(String sku, SkuDefinition definition) {
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
		return sku(sku).orElseThrow();
	}

	public Optional<Sku> sku(String sku) {
		return this.jdbc.sql("""
				select sku, name, category, brand, dropship, supplier_id, reorder_point, attributes::text
				from sku where sku = ?""").param(sku).query(Catalog::toSku).optional();
	}

	/**
	 * SKUs whose code or name contains the text (case-insensitive), codes first, then by
	 * code; for ops who know a product by name, not by id. Load-test runs' SKUs are left
	 * out: a run defines thousands.
	 */
	List<Sku> search(String text, int limit) {
		String like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
		return this.jdbc.sql("""
				select sku, name, category, brand, dropship, supplier_id, reorder_point, attributes::text
				from sku where test_run is null and (sku ilike :like or name ilike :like)
				order by (sku ilike :like) desc, sku limit :limit""")
			.param("like", like)
			.param("limit", limit)
			.query(Catalog::toSku)
			.list();
	}

	private static Sku toSku(ResultSet rs, int row) throws SQLException {
		return new Sku(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
				rs.getString(6), rs.getInt(7),
				new TreeMap<>(JSON.readValue(rs.getString(8), new TypeReference<Map<String, String>>() {
				})));
	}

	@Transactional
	LocationDefinition putLocation(String code, LocationDefinition location) {
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

	/** Every location, by code. */
	public Map<String, Location> locations() {
		Map<String, Location> locations = new TreeMap<>();
		this.jdbc.sql("select code, type, region, latitude, longitude from location").query((rs) -> {
			locations.put(rs.getString(1), new Location(rs.getString(1), rs.getString(2), rs.getString(3),
					rs.getBigDecimal(4), rs.getBigDecimal(5)));
		});
		return locations;
	}

	@Transactional
	ChannelRouting route(String channel, ChannelRouting routing) {
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

	/**
	 * Every routed channel's route, by channel; a channel without a strategy of its own
	 * routes in sort order.
	 */
	public Map<String, ChannelRoute> routes() {
		Map<String, List<String>> locations = new TreeMap<>();
		this.jdbc.sql("select channel, location_code from channel_location order by channel, sort_order")
			.query((rs) -> {
				locations.computeIfAbsent(rs.getString(1), (channel) -> new ArrayList<>()).add(rs.getString(2));
			});
		Map<String, String> strategies = new TreeMap<>();
		this.jdbc.sql("select channel, allocation_strategy from sales_channel").query((rs) -> {
			strategies.put(rs.getString(1), rs.getString(2));
		});
		Map<String, ChannelRoute> routes = new TreeMap<>();
		locations.forEach((channel, served) -> routes.put(channel,
				new ChannelRoute(channel, strategies.getOrDefault(channel, "SORT_ORDER"), List.copyOf(served))));
		return routes;
	}

	void putRegion(String code, RegionDefinition region) {
		this.jdbc.sql("""
				insert into region (code, name, latitude, longitude) values (?, ?, ?, ?)
				on conflict (code) do update set name = excluded.name, latitude = excluded.latitude,
				  longitude = excluded.longitude""")
			.params(code, region.name(), region.latitude(), region.longitude())
			.update();
	}

	/** Every shipping region, by code. */
	public Map<String, Region> regions() {
		Map<String, Region> regions = new TreeMap<>();
		this.jdbc.sql("select code, latitude, longitude from region").query((rs) -> {
			regions.put(rs.getString(1), new Region(rs.getString(1), rs.getBigDecimal(2), rs.getBigDecimal(3)));
		});
		return regions;
	}

	private static ProblemException otherRun(String what) {
		if (TestRun.active()) {
			return TestRunStock.realStock(what);
		}
		return new ProblemException.Conflict(what + " belongs to load-test run data; purge the run instead");
	}

}
