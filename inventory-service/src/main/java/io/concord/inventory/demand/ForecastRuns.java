package io.concord.inventory.demand;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import io.concord.platform.web.ProblemException;
import io.concord.platform.web.ProblemTypes;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Forecast runs as the service sees them: ops request one (it waits as REQUESTED) and
 * follow it; the forecast job process ({@link ForecastJob}, a separate JVM) claims and
 * carries it out, so no forecasting happens in the JVM that takes reservations. One run
 * at a time: a request while another is requested or running is refused, and a unique
 * index keeps a single RUNNING row across job processes. A run abandoned by a dead job
 * process is failed after two hours so the next can start.
 */
@Component
class ForecastRuns {

	static final Duration ABANDONED_AFTER = Duration.ofHours(2);

	/**
	 * Serialises the decisions about which run exists next (requests, claims, the nightly
	 * run) across replicas and job processes; the unique index stays the hard guard.
	 */
	static final long LOCK = 0x466f72656361L;

	public enum Trigger {

		SCHEDULED, ON_DEMAND

	}

	/**
	 * A run's states, stored by name: requested, claimed by a job process, then ended
	 * either way (an abandoned run fails).
	 */
	enum Status {

		REQUESTED, RUNNING, SUCCEEDED, FAILED;

		boolean canMoveTo(Status next) {
			return (this == REQUESTED && next == RUNNING) || (this == RUNNING && next != RUNNING && next != REQUESTED);
		}

		/** The stored name of {@code next}, after checking the move. */
		String to(Status next) {
			if (!canMoveTo(next)) {
				throw new IllegalStateException("A forecast run cannot move from " + this + " to " + next);
			}
			return next.name();
		}

	}

	/**
	 * What produced a run's forecasts: the method's name and version, the trained
	 * artefact's SHA-256 (null when the run trained none) and the blend of global model
	 * and per-series part the run learned (e.g. "global 0.7 + selection, level x1.000";
	 * null for runs before it was recorded).
	 */
	public record Model(String name, String version, @Nullable String artefactSha256, @Nullable Integer trainingRows,
			@Nullable Double trainingSeconds, @Nullable String blend) {
	}

	/**
	 * A run: who asked, when it was requested, started and finished, which job process
	 * ran it ({@code runner}, host:pid), the model, how many series each per-series model
	 * won and how many history days were censored (nothing to sell).
	 */
	public record Run(long id, String trigger, String status, String requestedBy, LocalDate firstDay, int horizon,
			Instant requestedAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String runner,
			@Nullable Model model, @Nullable Integer series, @Nullable Map<String, Integer> models,
			@Nullable Integer censoredDays, @Nullable String failure) {
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	private final DemandSettings settings;

	private final Clock clock;

	ForecastRuns(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, DemandSettings settings,
			Clock clock) {
		this.jdbc = JdbcClient.create(jdbc);
		this.transactions = new TransactionTemplate(transactionManager);
		this.settings = settings;
		this.clock = clock;
	}

	/**
	 * Records a run for the job process to carry out; 409
	 * {@code forecast-run-in-progress} while another is requested or running.
	 */
	public Run request(Trigger trigger, String requestedBy) {
		Long id = this.transactions.execute((status) -> {
			Instant now = this.clock.instant();
			lock();
			failAbandoned(now);
			if (inProgress()) {
				return null;
			}
			return this.jdbc.sql("""
					insert into forecast_run (trigger, status, requested_by, first_day, horizon, requested_at)
					values (?, ?, ?, ?, ?, ?) returning id""")
				.params(trigger.name(), Status.REQUESTED.name(), requestedBy,
						Date.valueOf(LocalDate.ofInstant(now, this.settings.zone())), this.settings.horizon(),
						Timestamp.from(now))
				.query(Long.class)
				.single();
		});
		if (id == null) {
			throw new ProblemException.Conflict(ProblemTypes.of("forecast-run-in-progress"),
					"A forecast run is in progress",
					"Another forecast run is requested or running; try again when it ends");
		}
		return find(id);
	}

	public Run find(long runId) {
		return this.jdbc.sql("""
				select r.*, m.sha256, m.training_rows, m.training_seconds from forecast_run r
				left join forecast_model m on m.id = r.model_id where r.id = ?""")
			.param(runId)
			.query((rs, n) -> run(rs))
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

	/** The model of each of {@code runIds} that recorded one. */
	Map<Long, Model> models(List<Long> runIds) {
		if (runIds.isEmpty()) {
			return Map.of();
		}
		Map<Long, Model> models = new java.util.HashMap<>();
		this.jdbc.sql("""
				select r.id, r.model_name, r.model_version, r.blend, m.sha256, m.training_rows, m.training_seconds
				from forecast_run r left join forecast_model m on m.id = r.model_id
				where r.id in (:ids) and r.model_name is not null""").param("ids", runIds).query((rs) -> {
			models.put(rs.getLong("id"), model(rs));
		});
		return models;
	}

	/** Takes the lock that serialises run decisions, until the transaction ends. */
	void lock() {
		this.jdbc.sql("select 1 from (select pg_advisory_xact_lock(?)) locked")
			.param(LOCK)
			.query(Integer.class)
			.single();
	}

	/** Fails the running run when it has made no progress for two hours. */
	void failAbandoned(Instant now) {
		this.jdbc.sql("""
				update forecast_run set status = ?, finished_at = ?,
				  failure = 'Abandoned (no progress for 2 hours); the previous forecasts stay in use'
				where status = ? and started_at < ?""")
			.params(Status.RUNNING.to(Status.FAILED), Timestamp.from(now), Status.RUNNING.name(),
					Timestamp.from(now.minus(ABANDONED_AFTER)))
			.update();
	}

	private boolean inProgress() {
		return this.jdbc.sql("select count(*) from forecast_run where status in (?, ?)")
			.params(Status.REQUESTED.name(), Status.RUNNING.name())
			.query(Integer.class)
			.single() > 0;
	}

	private Run run(ResultSet rs) throws SQLException {
		return new Run(rs.getLong("id"), rs.getString("trigger"), rs.getString("status"), rs.getString("requested_by"),
				rs.getDate("first_day").toLocalDate(), rs.getInt("horizon"),
				rs.getTimestamp("requested_at").toInstant(), instant(rs.getTimestamp("started_at")),
				instant(rs.getTimestamp("finished_at")), rs.getString("runner"),
				(rs.getString("model_name") != null) ? model(rs) : null, (Integer) rs.getObject("series"),
				(rs.getString("models") != null)
						? JSON.readValue(rs.getString("models"), new TypeReference<Map<String, Integer>>() {
						}) : null,
				(Integer) rs.getObject("censored_days"), rs.getString("failure"));
	}

	private static Model model(ResultSet rs) throws SQLException {
		return new Model(rs.getString("model_name"), rs.getString("model_version"), rs.getString("sha256"),
				(Integer) rs.getObject("training_rows"), (Double) rs.getObject("training_seconds"),
				rs.getString("blend"));
	}

	private static @Nullable Instant instant(@Nullable Timestamp timestamp) {
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

}
