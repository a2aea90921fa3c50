package io.concord.inventory.demand;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.concord.forecasting.SalesHistoryFiles;
import io.concord.inventory.reservation.Reservations;
import io.concord.inventory.stock.StockLedger;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import io.concord.platform.web.TestRun;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Daily demand per SKU × location × channel. Orders count once, on the day they are
 * placed (the business day in {@link DemandSettings#zone()}), at the locations their
 * reservation took the units from; units sold with a discount count as promoted. A shop's
 * earlier history can be imported in the long format the export writes.
 */
@Component
public class SalesHistory {

	private static final Logger log = LoggerFactory.getLogger(SalesHistory.class);

	/** An order line as OrderPlaced carries it. */
	public record OrderLine(String sku, int quantity, long unitPriceMinor, long discountMinor) {
	}

	/** Rows and series an import wrote. */
	public record Imported(int rows, int series, LocalDate from, LocalDate to) {
	}

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final Reservations reservations;

	private final StockLedger ledger;

	private final DemandSettings settings;

	private final SalesHistorySettings limits;

	private final Clock clock;

	SalesHistory(JdbcTemplate jdbc, Reservations reservations, StockLedger ledger, DemandSettings settings,
			SalesHistorySettings limits, Clock clock) {
		this.ledger = ledger;
		this.jdbc = JdbcClient.create(jdbc);
		this.batches = jdbc;
		this.reservations = reservations;
		this.settings = settings;
		this.limits = limits;
		this.clock = clock;
	}

	/** Counts a placed order's units once, however often its event arrives. */
	@Transactional
	public void recordOrder(String orderId, String channel, Instant placedAt, List<OrderLine> lines) {
		if (TestRun.active()) {
			// Shadow traffic is never demand (ADR-25): forecasts and replenishment must
			// not learn from a load test.
			return;
		}
		int first = this.jdbc
			.sql("insert into demand_order (order_id, recorded_at) values (?, ?) on conflict do nothing")
			.params(orderId, Timestamp.from(this.clock.instant()))
			.update();
		if (first == 0) {
			return;
		}
		if (!this.reservations.exists(orderId)) {
			// Every placed order holds a reservation; without one there is no location.
			log.warn("Order {} was placed without a reservation; its demand is not counted", orderId);
			return;
		}
		Set<String> promoted = new HashSet<>();
		lines.stream().filter((line) -> line.discountMinor() > 0).forEach((line) -> promoted.add(line.sku()));
		LocalDate day = LocalDate.ofInstant(placedAt, this.settings.zone());
		for (Reservations.Allocation allocation : this.reservations.find(orderId).allocations()) {
			int promotedUnits = promoted.contains(allocation.sku()) ? allocation.quantity() : 0;
			this.jdbc.sql("""
					insert into daily_demand (sku, location_code, channel, day, quantity, promoted_quantity)
					values (?, ?, ?, ?, ?, ?)
					on conflict (sku, location_code, day, channel) do update
					set quantity = daily_demand.quantity + excluded.quantity,
					    promoted_quantity = daily_demand.promoted_quantity + excluded.promoted_quantity""")
				.params(allocation.sku(), allocation.location(), channel, Date.valueOf(day), allocation.quantity(),
						promotedUnits)
				.update();
		}
	}

	/**
	 * Imports {@code date,sku,location,quantity[,price,promo]} rows as channel
	 * {@code IMPORTED}, replacing what an earlier import said for the same SKU × location
	 * within the days the file covers for it (so an import can be repeated, and one SKU's
	 * file leaves every other SKU's history alone). Refuses the whole file (422) when a
	 * row is malformed or names a SKU × location that inventory does not stock, and (413)
	 * when it has more than {@code concord.inventory.sales-history.max-rows} rows.
	 */
	@Transactional
	public Imported importCsv(Reader csv) {
		record Row(LocalDate day, String sku, String location, int quantity, boolean promo) {
		}
		record Series(String sku, String location) {
		}
		int maxRows = this.limits.maxRows();
		List<Row> rows = new ArrayList<>();
		List<String> errors = new ArrayList<>();
		// A file names few SKUs and locations many times: one String of each.
		Map<String, String> names = new HashMap<>();
		try (BufferedReader reader = new BufferedReader(csv)) {
			String header = reader.readLine();
			if (header == null || !header.replace("\"", "").trim().startsWith("date,sku,location,quantity")) {
				throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-sales-history"),
						"Invalid sales history", "The first line must be date,sku,location,quantity[,price,promo]");
			}
			String line;
			int number = 1;
			while ((line = reader.readLine()) != null) {
				number++;
				if (line.isBlank()) {
					continue;
				}
				if (rows.size() + errors.size() >= maxRows) {
					throw new ProblemException(HttpStatus.CONTENT_TOO_LARGE, ProblemTypes.of("too-many-rows"),
							"Too many rows",
							"A sales history import takes at most " + maxRows
									+ " rows; nothing was imported. Import the history in parts.")
						.with("maxRows", maxRows);
				}
				try {
					SalesHistoryFiles.Row row = SalesHistoryFiles.parse(line, number);
					if (row.quantity() < 0 || row.quantity() > Integer.MAX_VALUE
							|| row.quantity() != Math.rint(row.quantity())) {
						throw new IllegalArgumentException(
								"line " + number + ": the quantity must be a whole number >= 0");
					}
					rows.add(new Row(row.date(), names.computeIfAbsent(row.sku(), (name) -> name),
							names.computeIfAbsent(row.location(), (name) -> name), (int) row.quantity(), row.promo()));
				}
				catch (IllegalArgumentException ex) {
					errors.add(ex.getMessage());
				}
				if (errors.size() >= 20) {
					break;
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		Map<String, Boolean> stocked = new LinkedHashMap<>();
		for (Row row : rows) {
			String key = row.sku() + "@" + row.location();
			boolean known = stocked.computeIfAbsent(key,
					(k) -> this.ledger.find(row.sku(), row.location()).isPresent());
			if (!known && errors.size() < 20) {
				errors.add(row.sku() + " is not stocked at " + row.location());
			}
		}
		if (!errors.isEmpty() || rows.isEmpty()) {
			throw new ProblemException.Unprocessable(ProblemTypes.of("invalid-sales-history"), "Invalid sales history",
					rows.isEmpty() && errors.isEmpty() ? "The file has no rows"
							: "Nothing was imported: " + String.join("; ", new LinkedHashSet<>(errors)))
				.with("errors", errors);
		}
		// The days each SKU × location of the file covers: only those are replaced.
		Map<Series, LocalDate[]> spans = new LinkedHashMap<>();
		for (Row row : rows) {
			spans.merge(new Series(row.sku(), row.location()), new LocalDate[] { row.day(), row.day() },
					(span, day) -> new LocalDate[] { min(span[0], day[0]), max(span[1], day[1]) });
		}
		List<String> skus = new ArrayList<>();
		List<String> locations = new ArrayList<>();
		List<Date> firstDays = new ArrayList<>();
		List<Date> lastDays = new ArrayList<>();
		spans.forEach((series, span) -> {
			skus.add(series.sku());
			locations.add(series.location());
			firstDays.add(Date.valueOf(span[0]));
			lastDays.add(Date.valueOf(span[1]));
		});
		this.jdbc
			.sql("""
					delete from daily_demand d
					using unnest(?::varchar[], ?::varchar[], ?::date[], ?::date[]) as f(sku, location_code, first_day, last_day)
					where d.channel = 'IMPORTED' and d.sku = f.sku and d.location_code = f.location_code
					  and d.day between f.first_day and f.last_day""")
			.params(skus.toArray(String[]::new), locations.toArray(String[]::new), firstDays.toArray(Date[]::new),
					lastDays.toArray(Date[]::new))
			.update();
		List<Object[]> inserts = new ArrayList<>(rows.size());
		LocalDate from = rows.get(0).day();
		LocalDate to = from;
		for (Row row : rows) {
			from = min(from, row.day());
			to = max(to, row.day());
			inserts.add(new Object[] { row.sku(), row.location(), Date.valueOf(row.day()), row.quantity(),
					row.promo() ? row.quantity() : 0 });
		}
		this.batches.batchUpdate("""
				insert into daily_demand (sku, location_code, channel, day, quantity, promoted_quantity)
				values (?, ?, 'IMPORTED', ?, ?, ?)
				on conflict (sku, location_code, day, channel) do update
				set quantity = daily_demand.quantity + excluded.quantity,
				    promoted_quantity = daily_demand.promoted_quantity + excluded.promoted_quantity""", inserts);
		return new Imported(rows.size(), stocked.size(), from, to);
	}

	private static LocalDate min(LocalDate a, LocalDate b) {
		return a.isBefore(b) ? a : b;
	}

	private static LocalDate max(LocalDate a, LocalDate b) {
		return a.isAfter(b) ? a : b;
	}

	/**
	 * Writes {@code date,sku,location,quantity,price,promo} for the days in
	 * {@code [from, to]}, channels summed, a day promoted when most of its units were
	 * (price is left empty: the history keeps units, not prices); of one SKU when
	 * {@code sku} is given (the ops console's chart of a SKU reads only its own series).
	 */
	public void exportCsv(Writer out, LocalDate from, LocalDate to, @Nullable String sku) {
		try {
			out.write(SalesHistoryFiles.HEADER + "\n");
			this.jdbc.sql("""
					select day, sku, location_code, sum(quantity) as quantity, sum(promoted_quantity) as promoted
					from daily_demand where day between :from and :to
					""" + ((sku != null) ? "and sku = :sku\n" : "") + """
					group by day, sku, location_code order by day, sku, location_code""")
				.param("from", Date.valueOf(from))
				.param("to", Date.valueOf(to))
				.params((sku != null) ? Map.of("sku", sku) : Map.of())
				.query((rs) -> {
					try {
						long quantity = rs.getLong("quantity");
						out.write(rs.getDate("day").toLocalDate() + "," + rs.getString("sku") + ","
								+ rs.getString("location_code") + "," + quantity + ",,"
								+ (rs.getLong("promoted") * 2 > quantity) + "\n");
					}
					catch (IOException ex) {
						throw new UncheckedIOException(ex);
					}
				});
			out.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Units ordered per channel of one SKU since {@code from}, for splitting stock
	 * between channels (imported history has no channel and is left out).
	 */
	public Map<String, Long> unitsByChannel(String sku, LocalDate from) {
		Map<String, Long> units = new LinkedHashMap<>();
		this.jdbc.sql("""
				select channel, sum(quantity) from daily_demand
				where sku = ? and day >= ? and channel <> 'IMPORTED' group by channel order by channel""")
			.params(sku, Date.valueOf(from))
			.query((rs) -> {
				units.put(rs.getString(1), rs.getLong(2));
			});
		return units;
	}

}
