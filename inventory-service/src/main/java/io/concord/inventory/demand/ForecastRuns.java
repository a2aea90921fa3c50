package io.concord.inventory.demand;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.DemandForecaster;
import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forecast runs: every stocked SKU × location (dropship excluded) is forecast from its
 * daily demand with {@link DemandForecaster}, with campaign days (from
 * promotion-service's schedule) and mostly-discounted days as promoted. One run at a time
 * across replicas (a unique index on the running row); SKUs are processed in pages, each
 * page's forecasts written in its own transaction, so a run of a large catalogue holds no
 * long transaction. A run that was abandoned (its replica died) is marked failed after
 * two hours so the next can start.
 */
@Component
class ForecastRuns {

	private static final Logger log = LoggerFactory.getLogger(ForecastRuns.class);

	private static final int PAGE = 500;

	private static final Duration ABANDONED_AFTER = Duration.ofHours(2);

	public enum Trigger {

		SCHEDULED, ON_DEMAND

	}

	/**
	 * A run's states, stored by name: it runs once and ends either way (an abandoned run
	 * fails).
	 */
	enum Status {

		RUNNING, SUCCEEDED, FAILED;

		boolean canMoveTo(Status next) {
			return this == RUNNING && next != RUNNING;
		}

		/** The stored name of {@code next}, after checking the move. */
		String to(Status next) {
			if (!canMoveTo(next)) {
				throw new IllegalStateException("A forecast run cannot move from " + this + " to " + next);
			}
			return next.name();
		}

	}

	public record Run(long id, String trigger, String status, String requestedBy, LocalDate firstDay, int horizon,
			Instant startedAt, @Nullable Instant finishedAt, @Nullable Integer series,
			@Nullable Map<String, Integer> models, @Nullable String failure) {
	}

	private final JdbcClient jdbc;

	private final JdbcTemplate batches;

	private final TransactionTemplate transactions;

	private final DemandSettings settings;

	private final ForecastInputs inputs;

	private final ApplicationEventPublisher events;

	private final JsonMapper json;

	private final Clock clock;

	ForecastRuns(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DemandSettings settings,
			ForecastInputs inputs, ApplicationEventPublisher events, JsonMapper json, Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.batches = jdbc;
		this.transactions = new TransactionTemplate(transactionManager);
		this.settings = settings;
		this.inputs = inputs;
		this.events = events;
		this.json = json;
		this.clock = clock;
	}

	/** Registers a run; 409 {@code forecast-run-in-progress} while another runs. */
	public Run start(Trigger trigger, String requestedBy) {
		Instant now = this.clock.instant();
		this.jdbc.sql("""
				update forecast_run set status = ?, finished_at = ?, failure = 'Abandoned (no progress for 2 hours)'
				where status = ? and started_at < ?""")
			.params(Status.RUNNING.to(Status.FAILED), Timestamp.from(now), Status.RUNNING.name(),
					Timestamp.from(now.minus(ABANDONED_AFTER)))
			.update();
		LocalDate firstDay = LocalDate.ofInstant(now, this.settings.zone());
		try {
			long id = this.jdbc
				.sql("""
						insert into forecast_run (trigger, status, requested_by, first_day, horizon, requested_at, started_at)
						values (?, ?, ?, ?, ?, ?, ?) returning id""")
				.params(trigger.name(), Status.RUNNING.name(), requestedBy, Date.valueOf(firstDay),
						this.settings.horizon(), Timestamp.from(now), Timestamp.from(now))
				.query(Long.class)
				.single();
			return find(id);
		}
		catch (DuplicateKeyException ex) {
			throw new ProblemException.Conflict(ProblemTypes.of("forecast-run-in-progress"),
					"A forecast run is in progress", "Another forecast run is in progress; try again when it ends");
		}
	}

	/** Runs a started run to the end; never throws (a failure is recorded on the run). */
	public Run execute(long runId) {
		Run run = find(runId);
		try {
			Map<String, Integer> models = forecastAll(run);
			this.jdbc.sql("""
					update forecast_run set status = ?, finished_at = ?, series = ?, models = ?::jsonb
					where id = ?""")
				.params(Status.RUNNING.to(Status.SUCCEEDED), Timestamp.from(this.clock.instant()),
						models.values().stream().mapToInt(Integer::intValue).sum(),
						this.json.writeValueAsString(models), runId)
				.update();
			this.events.publishEvent(new DemandForecastsUpdated(runId, run.firstDay()));
		}
		catch (RuntimeException ex) {
			log.error("Forecast run {} failed", runId, ex);
			String message = String.valueOf(ex.getMessage());
			this.jdbc.sql("update forecast_run set status = ?, finished_at = ?, failure = ? where id = ?")
				.params(Status.RUNNING.to(Status.FAILED), Timestamp.from(this.clock.instant()),
						message.substring(0, Math.min(1000, message.length())), runId)
				.update();
		}
		return find(runId);
	}

	public Run find(long runId) {
		return this.jdbc.sql("select * from forecast_run where id = ?")
			.param(runId)
			.query((rs, n) -> new Run(rs.getLong("id"), rs.getString("trigger"), rs.getString("status"),
					rs.getString("requested_by"), rs.getDate("first_day").toLocalDate(), rs.getInt("horizon"),
					rs.getTimestamp("started_at").toInstant(),
					(rs.getTimestamp("finished_at") != null) ? rs.getTimestamp("finished_at").toInstant() : null,
					(Integer) rs.getObject("series"), (rs.getString("models") != null)
							? this.json.readValue(rs.getString("models"), new TypeReference<Map<String, Integer>>() {
							}) : null,
					rs.getString("failure")))
			.optional()
			.orElseThrow(() -> new ProblemException.NotFound("Forecast run", runId));
	}

	public List<Run> recent(int limit) {
		return this.jdbc.sql("select id from forecast_run order by id desc limit ?")
			.param(limit)
			.query(Long.class)
			.list()
			.stream()
			.map(this::find)
			.toList();
	}

	private Map<String, Integer> forecastAll(Run run) {
		List<ForecastInputs.Key> keys = this.inputs.series();
		int horizon = run.horizon();
		Map<String, Integer> models = new TreeMap<>();
		for (int from = 0; from < keys.size(); from += PAGE) {
			List<ForecastInputs.Key> page = keys.subList(from, Math.min(keys.size(), from + PAGE));
			List<CatalogueForecaster.Input> inputs = this.inputs.read(page, run.firstDay(), horizon);
			Map<ForecastInputs.Key, DemandForecaster.Forecast> forecasts = new java.util.concurrent.ConcurrentHashMap<>();
			java.util.stream.IntStream.range(0, page.size())
				.parallel()
				.forEach((i) -> forecasts.put(page.get(i), forecast(inputs.get(i), horizon)));
			this.transactions.executeWithoutResult((status) -> store(run, page, forecasts));
			page.forEach((key) -> models.merge(forecasts.get(key).model(), 1, Integer::sum));
		}
		return models;
	}

	private DemandForecaster.Forecast forecast(CatalogueForecaster.Input input, int horizon) {
		int length = input.history().length;
		boolean[] promoted = input.promoted();
		return DemandForecaster.forecast(input.history(),
				(promoted != null) ? java.util.Arrays.copyOf(promoted, length) : null,
				(promoted != null) ? java.util.Arrays.copyOfRange(promoted, length, length + horizon) : null, horizon,
				new DemandForecaster.Options(7, this.settings.historyDays()));
	}

	private void store(Run run, List<ForecastInputs.Key> page,
			Map<ForecastInputs.Key, DemandForecaster.Forecast> forecasts) {
		Timestamp now = Timestamp.from(this.clock.instant());
		List<Object[]> deletes = new ArrayList<>();
		List<Object[]> days = new ArrayList<>();
		List<Object[]> series = new ArrayList<>();
		for (ForecastInputs.Key key : page) {
			DemandForecaster.Forecast forecast = forecasts.get(key);
			deletes.add(new Object[] { key.sku(), key.location(), Date.valueOf(run.firstDay()) });
			for (int h = 0; h < forecast.horizon(); h++) {
				days.add(new Object[] { key.sku(), key.location(), Date.valueOf(run.firstDay().plusDays(h)),
						forecast.mean()[h], forecast.lower80()[h], forecast.upper80()[h], forecast.lower95()[h],
						forecast.upper95()[h], run.id() });
			}
			series.add(new Object[] { key.sku(), key.location(), run.id(), forecast.model(), forecast.promotionLift(),
					forecast.sigma(), Date.valueOf(run.firstDay()), now });
		}
		JdbcTemplate template = this.batches;
		template.batchUpdate("delete from demand_forecast_day where sku = ? and location_code = ? and day >= ?",
				deletes);
		template.batchUpdate(
				"""
						insert into demand_forecast_day (sku, location_code, day, mean, lower80, upper80, lower95, upper95, run_id)
						values (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
				days);
		template.batchUpdate("""
				insert into demand_forecast (sku, location_code, run_id, model, promotion_lift, sigma, first_day,
				  generated_at)
				values (?, ?, ?, ?, ?, ?, ?, ?)
				on conflict (sku, location_code) do update set run_id = excluded.run_id, model = excluded.model,
				  promotion_lift = excluded.promotion_lift, sigma = excluded.sigma, first_day = excluded.first_day,
				  generated_at = excluded.generated_at""", series);
	}

}
