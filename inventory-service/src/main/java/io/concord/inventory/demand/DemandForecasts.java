package io.concord.inventory.demand;

import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Stored forecasts and how good they have been. Accuracy compares, for each of the last
 * {@link DemandSettings#accuracyDays()} days, the units ordered with the forecast made
 * before that day: WAPE = sum |actual − forecast| / sum actual, bias = sum (forecast −
 * actual) / sum actual (positive: over-forecasting), both in percent. The intervals are
 * measured too: coverage = share of days whose actual lies within the stored 80% (95%)
 * bounds, bounds included (well calibrated: close to 80% and 95%); pinball = the mean
 * quantile loss of the bounds read as the 10% and 90% (2.5% and 97.5%) quantiles, over
 * days and both bounds, scaled by the mean daily actual and in percent, so series of any
 * volume compare (lower is better; it rewards narrow intervals that still hold the
 * actuals).
 */
@Component
public class DemandForecasts {

	public record Day(LocalDate day, double mean, double lower80, double upper80, double lower95, double upper95) {
	}

	/**
	 * Coverage is null without days to measure; WAPE, bias and pinball without units sold
	 * over them.
	 */
	public record Accuracy(int days, long actualUnits, double forecastUnits, @Nullable Double wapePercent,
			@Nullable Double biasPercent, @Nullable Double coverage80Percent, @Nullable Double coverage95Percent,
			@Nullable Double pinball80Percent, @Nullable Double pinball95Percent) {
	}

	public record SeriesForecast(String sku, String location, String model, double promotionLift, double sigma,
			LocalDate firstDay, Instant generatedAt, long runId, List<Day> days) {

		/**
		 * The means from {@code from} on (days before the forecast's first are skipped).
		 */
		public double[] meansFrom(LocalDate from) {
			return this.days.stream().filter((d) -> !d.day().isBefore(from)).mapToDouble(Day::mean).toArray();
		}

	}

	private final JdbcClient jdbc;

	private final DemandSettings settings;

	private final Clock clock;

	DemandForecasts(JdbcTemplate jdbc, DemandSettings settings, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.settings = settings;
		this.clock = clock;
	}

	public LocalDate today() {
		return day(this.clock.instant());
	}

	/** The business day (in the forecasting time zone) an instant falls on. */
	public LocalDate day(Instant instant) {
		return LocalDate.ofInstant(instant, this.settings.zone());
	}

	/** The latest forecast of each location of a SKU, from today on. */
	public List<SeriesForecast> forSku(String sku) {
		return this.jdbc.sql("select location_code from demand_forecast where sku = ? order by location_code")
			.param(sku)
			.query(String.class)
			.list()
			.stream()
			.map((location) -> find(sku, location).orElseThrow())
			.toList();
	}

	public Optional<SeriesForecast> find(String sku, String location) {
		LocalDate today = today();
		return this.jdbc.sql("select * from demand_forecast where sku = ? and location_code = ?")
			.params(sku, location)
			.query((rs, n) -> new SeriesForecast(sku, location, rs.getString("model"), rs.getDouble("promotion_lift"),
					rs.getDouble("sigma"), rs.getDate("first_day").toLocalDate(),
					rs.getTimestamp("generated_at").toInstant(), rs.getLong("run_id"), days(sku, location, today)))
			.optional();
	}

	/** SKU × location pairs that have a forecast. */
	public List<String[]> forecastedSeries() {
		// A load test's SKUs are never forecast, nor replenished (ADR-25).
		return this.jdbc.sql("""
				select f.sku, f.location_code from demand_forecast f join sku s on s.sku = f.sku
				where s.test_run is null order by f.sku, f.location_code""")
			.query((rs, n) -> new String[] { rs.getString(1), rs.getString(2) })
			.list();
	}

	private List<Day> days(String sku, String location, LocalDate from) {
		return this.jdbc.sql("""
				select day, mean, lower80, upper80, lower95, upper95 from demand_forecast_day
				where sku = ? and location_code = ? and day >= ? order by day""")
			.params(sku, location, Date.valueOf(from))
			.query((rs, n) -> new Day(rs.getDate("day").toLocalDate(), rs.getDouble("mean"), rs.getDouble("lower80"),
					rs.getDouble("upper80"), rs.getDouble("lower95"), rs.getDouble("upper95")))
			.list();
	}

	/** WAPE and bias of the forecasts of the last accuracy days. */
	public Accuracy accuracy(String sku, String location) {
		return accuracy(sku, location, today());
	}

	private Accuracy accuracy(String sku, String location, LocalDate today) {
		LocalDate from = today.minusDays(this.settings.accuracyDays());
		Map<LocalDate, Long> actual = new HashMap<>();
		this.jdbc.sql("""
				select day, sum(quantity) from daily_demand
				where sku = ? and location_code = ? and day >= ? and day < ? group by day""")
			.params(sku, location, Date.valueOf(from), Date.valueOf(today))
			.query((rs) -> {
				actual.put(rs.getDate(1).toLocalDate(), rs.getLong(2));
			});
		int days = 0;
		long actualUnits = 0;
		double forecastUnits = 0;
		double absolute = 0;
		int within80 = 0;
		int within95 = 0;
		double pinball80 = 0;
		double pinball95 = 0;
		for (Day forecast : this.jdbc.sql("""
				select day, mean, lower80, upper80, lower95, upper95 from demand_forecast_day
				where sku = ? and location_code = ? and day >= ? and day < ? order by day""")
			.params(sku, location, Date.valueOf(from), Date.valueOf(today))
			.query((rs, n) -> new Day(rs.getDate(1).toLocalDate(), rs.getDouble(2), rs.getDouble(3), rs.getDouble(4),
					rs.getDouble(5), rs.getDouble(6)))
			.list()) {
			long units = actual.getOrDefault(forecast.day(), 0L);
			days++;
			actualUnits += units;
			forecastUnits += forecast.mean();
			absolute += Math.abs(units - forecast.mean());
			if (units >= forecast.lower80() && units <= forecast.upper80()) {
				within80++;
			}
			if (units >= forecast.lower95() && units <= forecast.upper95()) {
				within95++;
			}
			pinball80 += pinball(units, forecast.lower80(), 0.10) + pinball(units, forecast.upper80(), 0.90);
			pinball95 += pinball(units, forecast.lower95(), 0.025) + pinball(units, forecast.upper95(), 0.975);
		}
		boolean measurable = days > 0 && actualUnits > 0;
		// Mean over days and both bounds, over the mean daily actual: the sums' ratio.
		double scale = 2.0 * actualUnits;
		return new Accuracy(days, actualUnits, forecastUnits, measurable ? 100 * absolute / actualUnits : null,
				measurable ? 100 * (forecastUnits - actualUnits) / actualUnits : null,
				(days > 0) ? 100.0 * within80 / days : null, (days > 0) ? 100.0 * within95 / days : null,
				measurable ? 100 * pinball80 / scale : null, measurable ? 100 * pinball95 / scale : null);
	}

	/**
	 * The quantile (pinball) loss of {@code quantile} at level {@code q}: under-forecasts
	 * cost q per unit, over-forecasts 1 − q.
	 */
	static double pinball(double actual, double quantile, double q) {
		return (actual >= quantile) ? q * (actual - quantile) : (1 - q) * (quantile - actual);
	}

}
