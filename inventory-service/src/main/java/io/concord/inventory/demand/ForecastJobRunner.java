package io.concord.inventory.demand;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import io.concord.forecasting.CatalogueForecaster;
import io.concord.forecasting.DemandForecaster;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What the forecast job process does, one piece of work at a time: claim the oldest
 * requested run (else start the nightly run when it is due), forecast the whole catalogue
 * with {@link CatalogueForecaster} and store the trained model and every forecast in one
 * transaction, so a failed run leaves the previous forecasts entirely in place.
 * Deliberately not a bean of the service (no stereotype): only {@link ForecastJob}'s
 * context creates it, so the native model library never loads in the JVM that takes
 * reservations (checked by ForecastJobBoundaryTests).
 */
class ForecastJobRunner {

	private static final Logger log = LoggerFactory.getLogger(ForecastJobRunner.class);

	/** Series read per query: reading is paged, forecasting is one call. */
	static final int PAGE = 500;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** The production forecaster, replaceable in tests (a failing one). */
	@FunctionalInterface
	interface Forecaster {

		Forecaster CATALOGUE = (inputs, horizon) -> CatalogueForecaster.forecast(inputs,
				CatalogueForecaster.Settings.daily(horizon));

		CatalogueForecaster.Result forecast(List<CatalogueForecaster.Input> inputs, int horizon);

	}

	private final JdbcTemplate batches;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DemandSettings settings;

	private final ForecastInputs inputs;

	private final ForecastRuns runs;

	private final Clock clock;

	private final Forecaster forecaster;

	private final String runner;

	private final @Nullable CronExpression nightly;

	/**
	 * {@code nightly} is {@code concord.inventory.forecasting.cron} ({@code -}: no
	 * nightly run), {@code runner} names this process (host:pid).
	 */
	ForecastJobRunner(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DemandSettings settings,
			ForecastInputs inputs, ForecastRuns runs, Clock clock, Forecaster forecaster, String runner,
			String nightly) {
		this.batches = jdbc;
		this.jdbc = JdbcClient.create(jdbc);
		this.transactions = new TransactionTemplate(transactionManager);
		this.settings = settings;
		this.inputs = inputs;
		this.runs = runs;
		this.clock = clock;
		this.forecaster = forecaster;
		this.runner = runner;
		this.nightly = "-".equals(nightly) ? null : CronExpression.parse(nightly);
	}

	private volatile boolean stopped;

	/**
	 * The process is stopping: claims nothing more, and fails the run it is carrying out
	 * (its forecasts are not written: the final update requires RUNNING).
	 */
	void stop() {
		this.stopped = true;
		int failed = this.jdbc.sql("""
				update forecast_run set status = ?, finished_at = ?,
				  failure = 'Stopped: the job process was shut down during the run; the previous forecasts stay in use'
				where status = ? and runner = ?""")
			.params(ForecastRuns.Status.RUNNING.to(ForecastRuns.Status.FAILED), Timestamp.from(this.clock.instant()),
					ForecastRuns.Status.RUNNING.name(), this.runner)
			.update();
		if (failed > 0) {
			log.warn("Forecast job stopped during a run: the run is failed, the previous forecasts stay in use");
		}
	}

	/** Claims due work and carries it out; empty when there was none. */
	Optional<ForecastRuns.Run> runDue() {
		return claim().map(this::execute);
	}

	/**
	 * Atomically takes the next run: the oldest requested one, else a new nightly run if
	 * it is due. Empty while another job process runs one, or when nothing is due.
	 */
	Optional<Long> claim() {
		if (this.stopped) {
			return Optional.empty();
		}
		try {
			return Optional.ofNullable(this.transactions.execute((status) -> {
				Instant now = this.clock.instant();
				this.runs.lock();
				this.runs.failAbandoned(now);
				if (this.jdbc.sql("select count(*) from forecast_run where status = ?")
					.param(ForecastRuns.Status.RUNNING.name())
					.query(Integer.class)
					.single() > 0) {
					return null;
				}
				Optional<Long> requested = this.jdbc.sql("""
						update forecast_run set status = ?, started_at = ?, runner = ?
						where id = (select id from forecast_run where status = ? order by id limit 1)
						returning id""")
					.params(ForecastRuns.Status.REQUESTED.to(ForecastRuns.Status.RUNNING), Timestamp.from(now),
							this.runner, ForecastRuns.Status.REQUESTED.name())
					.query(Long.class)
					.optional();
				if (requested.isPresent() || !nightlyDue(now)) {
					return requested.orElse(null);
				}
				return this.jdbc.sql("""
						insert into forecast_run (trigger, status, requested_by, first_day, horizon, requested_at,
						  started_at, runner)
						values (?, ?, 'schedule', ?, ?, ?, ?, ?) returning id""")
					.params(ForecastRuns.Trigger.SCHEDULED.name(), ForecastRuns.Status.RUNNING.name(),
							Date.valueOf(day(now)), this.settings.horizon(), Timestamp.from(now), Timestamp.from(now),
							this.runner)
					.query(Long.class)
					.single();
			}));
		}
		catch (DuplicateKeyException ex) {
			// Another job process holds the running row (the unique index).
			return Optional.empty();
		}
	}

	/**
	 * Whether the nightly run is due at {@code now}: the cron time of the business day
	 * has passed and that day has no scheduled run yet (a failed one is not retried until
	 * the next day).
	 */
	boolean nightlyDue(Instant now) {
		if (this.nightly == null) {
			return false;
		}
		LocalDate today = day(now);
		ZonedDateTime dayStart = today.atStartOfDay(this.settings.zone());
		ZonedDateTime due = this.nightly.next(dayStart.minusNanos(1));
		if (due == null || !due.toLocalDate().equals(today) || due.toInstant().isAfter(now)) {
			return false;
		}
		return this.jdbc.sql("select count(*) from forecast_run where trigger = ? and first_day = ?")
			.params(ForecastRuns.Trigger.SCHEDULED.name(), Date.valueOf(today))
			.query(Integer.class)
			.single() == 0;
	}

	/**
	 * Runs a claimed run to the end; never throws (a failure is recorded on the run, and
	 * the previous forecasts stay).
	 */
	ForecastRuns.Run execute(long runId) {
		ForecastRuns.Run run = this.runs.find(runId);
		try {
			List<ForecastInputs.Key> keys = this.inputs.series();
			List<CatalogueForecaster.Input> all = new ArrayList<>(keys.size());
			for (int from = 0; from < keys.size(); from += PAGE) {
				all.addAll(this.inputs.read(keys.subList(from, Math.min(keys.size(), from + PAGE)), run.firstDay(),
						run.horizon()));
			}
			log.info("Forecast run {}: forecasting {} series", runId, keys.size());
			CatalogueForecaster.@Nullable Result result = keys.isEmpty() ? null
					: this.forecaster.forecast(all, run.horizon());
			if (result != null && result.forecasts().size() != keys.size()) {
				throw new IllegalStateException(
						"The forecaster answered " + result.forecasts().size() + " forecasts for " + keys.size());
			}
			this.transactions.executeWithoutResult((status) -> store(run, keys, all, result));
			log.info("Forecast run {} succeeded", runId);
		}
		catch (RuntimeException | OutOfMemoryError ex) {
			log.error("Forecast run {} failed; the previous forecasts stay in use", runId, ex);
			String message = ex.getClass().getSimpleName() + ": " + ex.getMessage();
			message = message.substring(0, Math.min(900, message.length()));
			this.jdbc
				.sql("update forecast_run set status = ?, finished_at = ?, failure = ? where id = ? and status = ?")
				.params(ForecastRuns.Status.RUNNING.to(ForecastRuns.Status.FAILED),
						Timestamp.from(this.clock.instant()), message + "; the previous forecasts stay in use", runId,
						ForecastRuns.Status.RUNNING.name())
				.update();
		}
		return this.runs.find(runId);
	}

	private void store(ForecastRuns.Run run, List<ForecastInputs.Key> keys, List<CatalogueForecaster.Input> inputs,
			CatalogueForecaster.@Nullable Result result) {
		Instant now = this.clock.instant();
		Timestamp stamp = Timestamp.from(now);
		Long modelId = null;
		String modelName = CatalogueForecaster.MODEL;
		String modelVersion = CatalogueForecaster.VERSION;
		Map<String, Integer> models = new TreeMap<>();
		if (result != null) {
			CatalogueForecaster.Model model = result.model();
			modelName = model.name();
			modelVersion = model.version();
		}
		if (result != null && result.model().artefact().length > 0) {
			// Nothing to store when no series was long enough to train on.
			CatalogueForecaster.Model model = result.model();
			modelId = this.jdbc.sql("""
					insert into forecast_model (name, version, sha256, training_rows, training_seconds, trained_at,
					  artefact) values (?, ?, ?, ?, ?, ?, ?) returning id""")
				.params(model.name(), model.version(), model.sha256(), model.trainingRows(), model.trainingSeconds(),
						stamp, model.artefact())
				.query(Long.class)
				.single();
		}
		if (result != null) {
			Date firstDay = Date.valueOf(run.firstDay());
			List<Object[]> deletes = new ArrayList<>(keys.size());
			List<Object[]> days = new ArrayList<>(keys.size() * run.horizon());
			List<Object[]> series = new ArrayList<>(keys.size());
			for (int i = 0; i < keys.size(); i++) {
				ForecastInputs.Key key = keys.get(i);
				DemandForecaster.Forecast forecast = result.forecasts().get(i);
				models.merge(forecast.model(), 1, Integer::sum);
				deletes.add(new Object[] { key.sku(), key.location(), firstDay });
				for (int h = 0; h < forecast.horizon(); h++) {
					days.add(new Object[] { key.sku(), key.location(), Date.valueOf(run.firstDay().plusDays(h)),
							forecast.mean()[h], forecast.lower80()[h], forecast.upper80()[h], forecast.lower95()[h],
							forecast.upper95()[h], run.id() });
				}
				series.add(new Object[] { key.sku(), key.location(), run.id(), forecast.model(),
						forecast.promotionLift(), forecast.sigma(), firstDay, stamp });
			}
			this.batches.batchUpdate("delete from demand_forecast_day where sku = ? and location_code = ? and day >= ?",
					deletes);
			this.batches.batchUpdate("""
					insert into demand_forecast_day (sku, location_code, day, mean, lower80, upper80, lower95,
					  upper95, run_id) values (?, ?, ?, ?, ?, ?, ?, ?, ?)""", days);
			this.batches.batchUpdate("""
					insert into demand_forecast (sku, location_code, run_id, model, promotion_lift, sigma, first_day,
					  generated_at)
					values (?, ?, ?, ?, ?, ?, ?, ?)
					on conflict (sku, location_code) do update set run_id = excluded.run_id, model = excluded.model,
					  promotion_lift = excluded.promotion_lift, sigma = excluded.sigma,
					  first_day = excluded.first_day, generated_at = excluded.generated_at""", series);
		}
		int succeeded = this.jdbc.sql("""
				update forecast_run set status = ?, finished_at = ?, series = ?, models = ?::jsonb, model_name = ?,
				  model_version = ?, model_id = ?, blend = ?, censored_days = ? where id = ? and status = ?""")
			.params(ForecastRuns.Status.RUNNING.to(ForecastRuns.Status.SUCCEEDED), stamp, keys.size(),
					JSON.writeValueAsString(models), modelName, modelVersion, modelId,
					(result != null) ? result.blend() : null, censoredDays(inputs), run.id(),
					ForecastRuns.Status.RUNNING.name())
			.update();
		if (succeeded != 1) {
			// Failed as abandoned meanwhile: its forecasts must not land (rolls back).
			throw new IllegalStateException("Forecast run " + run.id() + " is no longer running");
		}
	}

	private static int censoredDays(List<CatalogueForecaster.Input> inputs) {
		int days = 0;
		for (CatalogueForecaster.Input input : inputs) {
			boolean[] censored = input.censored();
			if (censored != null) {
				for (boolean day : censored) {
					days += day ? 1 : 0;
				}
			}
		}
		return days;
	}

	private LocalDate day(Instant instant) {
		return LocalDate.ofInstant(instant, this.settings.zone());
	}

}
